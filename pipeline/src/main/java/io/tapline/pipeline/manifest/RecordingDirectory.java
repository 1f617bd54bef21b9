package io.tapline.pipeline.manifest;

import io.tapline.pipeline.segment.SegmentFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The files of one recording on a local disk:
 *
 * <pre>
 * {dir}/manifest.json                      tracks, segments, sender reports (rewritten atomically)
 * {dir}/events.jsonl                       the event log (append-only)
 * {dir}/tracks/{trackId}/{index}.tseg      segment files, index zero-padded to 6 digits
 * </pre>
 *
 * Track ids become directory names, so they are restricted to {@code [A-Za-z0-9._-]} (1-64
 * characters, not starting with a dot).
 */
public final class RecordingDirectory {
  public static final String MANIFEST = "manifest.json";
  public static final String EVENTS = "events.jsonl";
  public static final String TRACKS = "tracks";

  private final Path dir;

  public RecordingDirectory(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  public Path manifestFile() {
    return dir.resolve(MANIFEST);
  }

  public Path eventsFile() {
    return dir.resolve(EVENTS);
  }

  /** Relative path of a segment, as stored in {@link SegmentEntry#file()}. */
  public static String segmentPath(String trackId, int index) {
    checkTrackId(trackId);
    return TRACKS + "/" + trackId + "/" + String.format("%06d", index) + SegmentFormat.FILE_SUFFIX;
  }

  public Path segmentFile(String trackId, int index) {
    return dir.resolve(segmentPath(trackId, index));
  }

  public Path resolve(SegmentEntry segment) {
    Path p = dir.resolve(segment.file()).normalize();
    if (!p.startsWith(dir.normalize())) {
      throw new IllegalArgumentException("segment path escapes the recording directory: " + segment.file());
    }
    return p;
  }

  public static void checkTrackId(String trackId) {
    if (trackId == null || !trackId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("track id must be 1-64 of [A-Za-z0-9._-], not starting with '.': " + trackId);
    }
  }

  /** Writes the manifest atomically: a reader sees the old or the new file, never a partial one. */
  public void writeManifest(Manifest manifest) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(MANIFEST + ".tmp");
    byte[] bytes = ManifestJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    try (FileChannel ch =
        FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
      out.write(bytes);
      out.flush();
      ch.force(true);
    }
    try {
      Files.move(tmp, manifestFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, manifestFile(), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public Manifest readManifest() throws IOException {
    return ManifestJson.mapper().readValue(manifestFile().toFile(), Manifest.class);
  }

  public List<ManifestEvent> readEvents() throws IOException {
    return EventLog.read(eventsFile()).events();
  }

  public EventLog openEventLog() throws IOException {
    Files.createDirectories(dir);
    return EventLog.open(eventsFile());
  }
}
