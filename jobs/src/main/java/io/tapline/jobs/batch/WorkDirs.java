package io.tapline.jobs.batch;

import io.tapline.storage.KeyLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch files of one recording on this worker:
 *
 * <pre>
 * {workDir}/{recordingId}/source/         the recording fetched from storage (when not local)
 * {workDir}/{recordingId}/tracks/         per-track exports
 * {workDir}/{recordingId}/compositions/   rendered compositions
 * </pre>
 *
 * Outputs are written under a {@code .part} name and renamed when complete, so a file under its
 * final name is always whole and a step that restarts after a crash can keep it.
 */
public final class WorkDirs {
  private final Path root;

  public WorkDirs(Path workDir, String recordingId) {
    this.root = workDir.resolve(KeyLayout.id(recordingId));
  }

  public Path root() {
    return root;
  }

  public Path source() {
    return root.resolve("source");
  }

  public Path tracks() {
    return root.resolve("tracks");
  }

  public Path compositions() {
    return root.resolve("compositions");
  }

  /** Where an output is written before it is complete. */
  public static Path partial(Path output) {
    return output.resolveSibling(output.getFileName() + ".part");
  }

  /** Makes a complete {@code .part} file visible under its final name. */
  public static void complete(Path output) throws IOException {
    Files.move(partial(output), output, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes everything of this recording from the work directory. */
  public void delete() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
