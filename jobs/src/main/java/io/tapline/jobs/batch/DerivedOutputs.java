package io.tapline.jobs.batch;

import io.tapline.compositor.compose.AudioMixExporter;
import io.tapline.compositor.hls.HlsPackager;
import io.tapline.compositor.thumbnail.Thumbnailer;
import io.tapline.compositor.transcode.Transcoder;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the outputs derived from a stored composition (transcode, audio, poster, thumbnails, HLS)
 * or from the recording's audio tracks (mix), into a directory, with the compositor. What costs
 * CPU (video encoding, HLS that may transcode, a mix that decodes every track) holds one of the
 * worker's {@link CompositionSlots}, as compositions do.
 *
 * <p>A single-file output is written under a {@code .part} name and renamed; a multi-file one
 * into {@code {id}.part/}, renamed to {@code {id}/} when complete. What is complete is kept; a
 * partial output (a crash mid-way) is made again.
 */
public final class DerivedOutputs {
  private static final Logger log = LoggerFactory.getLogger(DerivedOutputs.class);
  private final Transcoder transcoder;
  private final AudioMixExporter mixer;
  private final Thumbnailer thumbnailer;
  private final HlsPackager packager;
  private final CompositionSlots slots;

  public DerivedOutputs(CompositionSlots slots) {
    this.transcoder = new Transcoder();
    this.mixer = new AudioMixExporter();
    this.thumbnailer = new Thumbnailer();
    this.packager = new HlsPackager(transcoder);
    this.slots = slots;
  }

  /**
   * A complete output: its main file (the file itself, the playlist, the sprite) and, for a
   * multi-file output, every file in its directory, the main one included, by name.
   */
  public record Output(Path main, List<Path> files) {}

  /** The complete output of {@code outputId} in {@code outDir}, if there is one. */
  public static Optional<Output> existing(DerivedRequest request, String outputId, Path outDir)
      throws IOException {
    if (request.multiFile()) {
      Path dir = outDir.resolve(outputId);
      Path main = dir.resolve(request.mainFile(outputId));
      return Files.isRegularFile(main) ? Optional.of(new Output(main, list(dir)))
          : Optional.empty();
    }
    Path file = outDir.resolve(request.mainFile(outputId));
    return Files.isRegularFile(file) ? Optional.of(new Output(file, List.of(file)))
        : Optional.empty();
  }

  /**
   * @param source the stored composition's file, or the recording's directory for a mix
   * @param waiting told before waiting for a slot
   */
  public Output make(DerivedRequest request, String outputId, Path source, Path outDir,
      Runnable waiting, DoubleConsumer progress) throws IOException, InterruptedException {
    Optional<Output> done = existing(request, outputId, outDir);
    if (done.isPresent()) {
      log.info("output {} already made: {}", outputId, done.get().main());
      return done.get();
    }
    Files.createDirectories(outDir);
    CompositionSlots.Slot slot = null;
    if (request.costly()) {
      waiting.run();
      slot = slots.acquire();
    }
    try {
      progress.accept(0);
      Output out = request.multiFile() ? makeMany(request, outputId, source, outDir, progress)
          : makeOne(request, outputId, source, outDir, progress);
      log.info("made {} ({}, {} files) from {}", outputId, request.operation(),
          out.files().size(), source.getFileName());
      return out;
    } finally {
      if (slot != null) {
        slot.close();
      }
    }
  }

  private Output makeOne(DerivedRequest r, String id, Path source, Path outDir,
      DoubleConsumer progress) throws IOException {
    String name = r.mainFile(id);
    Path file = outDir.resolve(name);
    // the muxers pick the container from the name: the partial name keeps the extension
    String ext = name.substring(name.lastIndexOf('.') + 1);
    Path part = outDir.resolve(id + ".part." + ext);
    switch (r.operation()) {
      case TRANSCODE -> transcoder.transcode(source, r.transcodeSpec(), part,
          (f, s) -> progress.accept(f));
      case EXTRACT_AUDIO -> {
        if (r.fromMix()) {
          if (mixer.export(new RecordingDirectory(source), r.audioFormat(), part).output()
              == null) {
            throw new IOException("the recording has no decodable audio track to mix");
          }
        } else {
          transcoder.extractAudio(source, r.audioFormat(), part, (f, s) -> progress.accept(f));
        }
      }
      case POSTER -> thumbnailer.poster(source, r.atMillis() * 1000, r.thumbnailSpec(), part);
      default -> throw new IllegalStateException(r.operation().name());
    }
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Output(file, List.of(file));
  }

  private Output makeMany(DerivedRequest r, String id, Path source, Path outDir,
      DoubleConsumer progress) throws IOException {
    Path dir = outDir.resolve(id);
    Path part = outDir.resolve(id + ".part");
    deleteTree(part);
    deleteTree(dir);
    switch (r.operation()) {
      case THUMBNAILS -> thumbnailer.strip(source, r.count(), r.thumbnailSpec(), part);
      case PACKAGE_HLS -> packager.pack(source, r.hlsSpec(), part, (f, s) -> progress.accept(f));
      default -> throw new IllegalStateException(r.operation().name());
    }
    Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
    return existing(r, id, outDir).orElseThrow(() -> new IOException(
        "output " + id + " has no " + r.mainFile(id)));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = new ArrayList<>(all.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    }
  }
}
