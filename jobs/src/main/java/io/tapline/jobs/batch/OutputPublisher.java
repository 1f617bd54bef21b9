package io.tapline.jobs.batch;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.index.Track;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.StoredContent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a recording's outputs (per-track files, compositions) with their SHA-256 and indexes
 * them. An output whose row already names its object, and whose object has the indexed size, is
 * not sent again; keys are derived from ids, so a re-run overwrites rather than duplicates.
 */
public final class OutputPublisher {
  private static final Logger log = LoggerFactory.getLogger(OutputPublisher.class);
  private final ContentStore content;
  private final RecordingRepository recordings;
  private final Clock clock;

  public OutputPublisher(ContentStore content, RecordingRepository recordings, Clock clock) {
    this.content = content;
    this.recordings = recordings;
    this.clock = clock;
  }

  /** Stores a track's exported file and records it on the track row; true if it was uploaded. */
  public boolean publishTrack(String conversationId, String recordingId, String trackId,
      Path file) {
    Track t = recordings.tracks(recordingId).stream().filter(x -> x.id().equals(trackId))
        .findFirst().orElseThrow(() -> new IllegalStateException("track " + trackId
            + " of recording " + recordingId + " is not indexed"));
    String key = KeyLayout.track(conversationId, recordingId, trackId, extension(file));
    if (isStored(t.file(), key)) {
      return false;
    }
    StoredContent c = content.putFile(key, file, contentType(file));
    recordings.saveTrack(new Track(recordingId, trackId, t.participantId(), t.kind(), t.codec(),
        StoredRef.of(c)));
    log.info("track {} stored as {} ({} bytes, sha256 {})", trackId, key, c.size(), c.sha256());
    return true;
  }

  /** Stores a composition and marks it AVAILABLE; true if it was uploaded. */
  public boolean publishComposition(String conversationId, String recordingId,
      String compositionId, CompositionRequest request, Path file) {
    String key = KeyLayout.composition(conversationId, recordingId, compositionId,
        request.extension());
    Optional<Composition> old = recordings.compositions(recordingId).stream()
        .filter(c -> c.id().equals(compositionId)).findFirst();
    if (old.isPresent() && old.get().status() == CompositionStatus.AVAILABLE
        && isStored(old.get().object(), key)) {
      return false;
    }
    StoredContent c = content.putFile(key, file, contentType(file));
    recordings.saveComposition(new Composition(compositionId, recordingId, request.layoutName(),
        request.formatName(), CompositionStatus.AVAILABLE, StoredRef.of(c)), clock.instant());
    log.info("composition {} stored as {} ({} bytes, sha256 {})", compositionId, key, c.size(),
        c.sha256());
    return true;
  }

  /** Records that a composition is being rendered (unless it is already available). */
  public void rendering(String recordingId, String compositionId, CompositionRequest request) {
    rendering(recordingId, compositionId, request.layoutName(), request.formatName());
  }

  /** Records that an output is being made (unless it is already available). */
  public void rendering(String recordingId, String compositionId, String layout, String format) {
    boolean available = recordings.compositions(recordingId).stream()
        .anyMatch(c -> c.id().equals(compositionId) && c.status() == CompositionStatus.AVAILABLE);
    if (!available) {
      recordings.saveComposition(new Composition(compositionId, recordingId, layout, format,
          CompositionStatus.RENDERING, null), clock.instant());
    }
  }

  /** Records that making an output failed (unless it is available from an earlier run). */
  public void failed(String recordingId, String compositionId, String layout, String format) {
    Optional<Composition> old = recordings.compositions(recordingId).stream()
        .filter(c -> c.id().equals(compositionId)).findFirst();
    if (old.isPresent() && old.get().status() == CompositionStatus.AVAILABLE) {
      return;
    }
    recordings.saveComposition(new Composition(compositionId, recordingId,
        old.map(Composition::layout).orElse(layout), old.map(Composition::format).orElse(format),
        CompositionStatus.FAILED, null), clock.instant());
  }

  /**
   * Stores a derived output and marks its composition row AVAILABLE, last, so that it is
   * announced only once every file is stored. A single file goes to {@code
   * compositions/{id}.{ext}}; a multi-file output's files go under {@code compositions/{id}/},
   * the main one on the composition row, the others as {@code composition_file} rows. A file
   * whose row already has its SHA-256 and whose object has the indexed size is not sent again.
   *
   * @return how many objects were uploaded
   */
  public int publishDerived(String conversationId, String recordingId, String outputId,
      String layout, String format, boolean multiFile, DerivedOutputs.Output output)
      throws java.io.IOException {
    Optional<Composition> old = recordings.compositions(recordingId).stream()
        .filter(c -> c.id().equals(outputId)).findFirst();
    java.util.Map<String, StoredRef> indexed = new java.util.HashMap<>();
    for (var f : recordings.compositionFiles(outputId)) {
      indexed.put(f.name(), f.object());
    }
    int uploaded = 0;
    for (Path file : output.files()) {
      if (file.equals(output.main())) {
        continue;
      }
      String name = file.getFileName().toString();
      String key = KeyLayout.compositionFile(conversationId, recordingId, outputId, name);
      if (isStored(indexed.get(name), key, file)) {
        continue;
      }
      StoredContent c = content.putFile(key, file, contentType(file));
      recordings.saveCompositionFile(new io.tapline.storage.index.CompositionFile(outputId, name,
          StoredRef.of(c)), clock.instant());
      uploaded++;
    }
    Path main = output.main();
    String mainName = main.getFileName().toString();
    String key = multiFile
        ? KeyLayout.compositionFile(conversationId, recordingId, outputId, mainName)
        : KeyLayout.composition(conversationId, recordingId, outputId, extension(main));
    StoredRef ref = old.map(Composition::object).orElse(null);
    if (old.isPresent() && old.get().status() == CompositionStatus.AVAILABLE
        && isStored(ref, key, main)) {
      return uploaded;
    }
    StoredContent c = content.putFile(key, main, contentType(main));
    recordings.saveComposition(new Composition(outputId, recordingId, layout, format,
        CompositionStatus.AVAILABLE, StoredRef.of(c)), clock.instant());
    log.info("output {} stored as {} ({} bytes, sha256 {}) with {} further files", outputId,
        key, c.size(), c.sha256(), output.files().size() - 1);
    return uploaded + 1;
  }

  /** Stored with this file's bytes: same key and SHA-256, and the object has the stored size. */
  private boolean isStored(StoredRef ref, String key, Path file) throws java.io.IOException {
    return ref != null && ref.sha256().equals(sha256(file)) && isStored(ref, key);
  }

  static String sha256(Path file) throws java.io.IOException {
    try (var in = java.nio.file.Files.newInputStream(file)) {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean isStored(StoredRef ref, String key) {
    return ref != null && ref.key().equals(key) && content.objects().head(key)
        .map(o -> o.size() == ref.storedSize()).orElse(false);
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  /** The content type an output file is stored with, from its extension. */
  public static String contentType(Path file) {
    return switch (extension(file)) {
      case "mp4" -> "video/mp4";
      case "webm" -> "video/webm";
      case "ogg" -> "audio/ogg";
      case "mkv" -> "video/x-matroska";
      case "jpg" -> "image/jpeg";
      case "png" -> "image/png";
      case "m4a" -> "audio/mp4";
      case "m3u8" -> "application/vnd.apple.mpegurl";
      case "ts" -> "video/mp2t";
      case "m4s" -> "video/iso.segment";
      default -> "application/octet-stream";
    };
  }
}
