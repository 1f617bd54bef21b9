package io.tapline.jobs.batch;

import io.tapline.compositor.compose.CompositionReport;
import io.tapline.compositor.compose.Compositor;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one composition into a directory, holding one of the worker's composition slots while
 * it encodes. A composition already complete there is kept; a partial one (a crash mid-encode) is
 * rendered again from the start.
 */
public final class CompositionRenderer {
  private static final Logger log = LoggerFactory.getLogger(CompositionRenderer.class);
  private final Compositor compositor;
  private final CompositionSlots slots;

  public CompositionRenderer(Compositor compositor, CompositionSlots slots) {
    this.compositor = compositor;
    this.slots = slots;
  }

  /** Where a composition's file goes in {@code outDir}. */
  public static Path output(Path outDir, String compositionId, CompositionRequest request) {
    return outDir.resolve(compositionId + "." + request.extension());
  }

  /**
   * @param waiting told before waiting for a slot
   * @param progress fraction rendered, 0 to 1
   * @return the complete file
   */
  public Path render(RecordingDirectory dir, String compositionId, CompositionRequest request,
      Path outDir, Runnable waiting, DoubleConsumer progress)
      throws IOException, InterruptedException {
    Path out = output(outDir, compositionId, request);
    if (Files.isRegularFile(out)) {
      log.info("composition {} already rendered: {}", compositionId, out);
      return out;
    }
    Files.createDirectories(outDir);
    // the muxer picks the container from the name, so the partial file keeps the extension
    Path part = outDir.resolve(compositionId + ".part." + request.extension());
    waiting.run();
    try (CompositionSlots.Slot slot = slots.acquire()) {
      progress.accept(0);
      CompositionReport r = compositor.compose(dir, request.spec(), part,
          (fraction, speed) -> progress.accept(fraction));
      log.info("composition {}: {} frames, {}x real time", compositionId, r.videoFrames(),
          String.format("%.2f", r.speed()));
    }
    Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return out;
  }
}
