package io.tapline.jobs.batch;

import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports every track of a recording to its own file without re-encoding (VP8 to WebM, Opus to
 * Ogg) into a directory. A track whose file is already complete there is kept; one that left only
 * a partial file is exported again.
 */
public final class TrackExports {
  private static final Logger log = LoggerFactory.getLogger(TrackExports.class);
  private final TrackExporter exporter;

  public TrackExports(TrackExporter exporter) {
    this.exporter = exporter;
  }

  /** An exported track file. */
  public record Output(String trackId, Path file) {}

  /** What a run did. */
  public record Report(List<Output> outputs, int exported, int kept, List<String> empty) {}

  /**
   * @param tracks which tracks of the manifest to export
   */
  public Report export(RecordingDirectory dir, Path outDir, Predicate<ManifestTrack> tracks)
      throws IOException {
    Files.createDirectories(outDir);
    List<Output> outputs = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    int exported = 0;
    int kept = 0;
    for (ManifestTrack t : dir.readManifest().tracks()) {
      if (!tracks.test(t)) {
        continue;
      }
      Optional<Path> done = existing(outDir, t.trackId());
      if (done.isPresent()) {
        outputs.add(new Output(t.trackId(), done.get()));
        kept++;
        continue;
      }
      Path out = outDir.resolve(t.trackId() + "." + extension(t));
      // the exporter picks the container from the extension, so the partial name keeps it
      Path part = outDir.resolve(t.trackId() + ".part." + extension(t));
      ExportReport r = exporter.export(dir, t.trackId(), part);
      if (!r.written()) {
        log.warn("track {} has nothing to export: {}", t.trackId(), r.skips());
        empty.add(t.trackId());
        continue;
      }
      Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      outputs.add(new Output(t.trackId(), out));
      exported++;
    }
    return new Report(outputs, exported, kept, empty);
  }

  /** The complete export of a track in {@code outDir}, if any. */
  public static Optional<Path> existing(Path outDir, String trackId) throws IOException {
    if (!Files.isDirectory(outDir)) {
      return Optional.empty();
    }
    for (String ext : List.of("webm", "ogg", "mkv", "mp4")) {
      Path p = outDir.resolve(trackId + "." + ext);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** VP8/VP9 go to WebM, Opus to Ogg. */
  static String extension(ManifestTrack t) {
    return t.isVideo() ? "webm" : "ogg";
  }
}
