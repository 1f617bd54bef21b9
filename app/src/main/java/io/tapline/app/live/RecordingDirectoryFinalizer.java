package io.tapline.app.live;

import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The app's {@link FinalizeLauncher}: the finalize batch job looks for a recording's directory at
 * {@code <batch recordings-dir>/{recordingId}}, while the SFU writes it to {@code
 * <data-dir>/recordings/{conversationId}/{recordingId}}. Before launching, this links the first to
 * the second (a symbolic link, nothing is copied), then hands the recording to the batch job.
 */
public final class RecordingDirectoryFinalizer implements FinalizeLauncher {
  private final FinalizeLauncher batch;
  private final RecordingRepository recordings;
  private final Path tapRoot;
  private final Path byIdRoot;

  /**
   * @param tapRoot where the SFU's recording controller writes ({@code root/conv/rec})
   * @param byIdRoot the batch job's {@code recordings-dir} ({@code root/rec})
   */
  public RecordingDirectoryFinalizer(FinalizeLauncher batch, RecordingRepository recordings,
      Path tapRoot, Path byIdRoot) {
    this.batch = batch;
    this.recordings = recordings;
    this.tapRoot = tapRoot.toAbsolutePath().normalize();
    this.byIdRoot = byIdRoot.toAbsolutePath().normalize();
  }

  @Override
  public void launch(String recordingId) {
    link(recordingId);
    batch.launch(recordingId);
  }

  /** The link for {@code recordingId}, when the recording is indexed and its directory is here. */
  Optional<Path> link(String recordingId) {
    Recording r = recordings.find(recordingId).orElse(null);
    if (r == null) {
      return Optional.empty(); // the job fails it truthfully ("no recording ... in the index")
    }
    Path target = tapRoot.resolve(r.conversationId()).resolve(recordingId);
    Path link = byIdRoot.resolve(recordingId);
    if (!link.normalize().startsWith(byIdRoot) || !target.normalize().startsWith(tapRoot)) {
      throw new IllegalArgumentException("invalid recording id " + recordingId);
    }
    try {
      if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(link);
      }
      if (!Files.isDirectory(target)) {
        return Optional.empty(); // not on this node: the job fetches what storage has
      }
      Files.createDirectories(byIdRoot);
      Files.createSymbolicLink(link, target);
      return Optional.of(link);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + link + " to " + target, e);
    }
  }
}
