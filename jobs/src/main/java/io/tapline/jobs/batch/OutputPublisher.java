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
    boolean available = recordings.compositions(recordingId).stream()
        .anyMatch(c -> c.id().equals(compositionId) && c.status() == CompositionStatus.AVAILABLE);
    if (!available) {
      recordings.saveComposition(new Composition(compositionId, recordingId,
          request.layoutName(), request.formatName(), CompositionStatus.RENDERING, null),
          clock.instant());
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

  static String contentType(Path file) {
    return switch (extension(file)) {
      case "mp4" -> "video/mp4";
      case "webm" -> "video/webm";
      case "ogg" -> "audio/ogg";
      case "mkv" -> "video/x-matroska";
      case "jpg" -> "image/jpeg";
      case "png" -> "image/png";
      case "m4a" -> "audio/mp4";
      default -> "application/octet-stream";
    };
  }
}
