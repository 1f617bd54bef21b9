package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CompositionFileView;
import io.tapline.app.api.ApiModels.StoredFileView;
import io.tapline.app.api.ApiModels.RecordingView;
import io.tapline.app.api.ApiModels.TrackFileView;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording's stored files as the API shows them: each per-track file and composition with its
 * object key, size, checksum and a presigned GET URL (none for objects encrypted at rest, which a
 * URL would hand out as ciphertext). An HLS composition's URL is a signed playlist link
 * ({@link PlaylistLinks}) rather than the stored playlist's: the stored one names its segments by
 * relative key, which a player could not fetch.
 */
public final class RecordingFiles {
  private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);

  private final IndexDatabase index;
  private final ContentStore content;
  private final Duration urlTtl;
  private final Clock clock;
  private final PlaylistLinks playlists;

  public RecordingFiles(IndexDatabase index, ContentStore content, Duration urlTtl, Clock clock,
      PlaylistLinks playlists) {
    this.index = index;
    this.content = content;
    this.urlTtl = urlTtl;
    this.clock = clock;
    this.playlists = playlists;
  }

  /** {@code v} with its tracks and compositions (empty lists before the finalize job ran). */
  public RecordingView with(RecordingView v) {
    List<TrackFileView> tracks = index.recordings().tracks(v.recordingId()).stream()
        .map(t -> new TrackFileView(t.id(), t.participantId(), t.kind().name().toLowerCase(Locale.ROOT), t.codec(),
            file(t.file())))
        .toList();
    List<CompositionFileView> compositions = index.recordings().compositions(v.recordingId()).stream()
        .map(c -> new CompositionFileView(c.id(), c.layout(), c.format(), c.status().name().toLowerCase(Locale.ROOT),
            HlsPlaylists.isPlaylist(c) ? playlist(c.id(), c.object()) : file(c.object())))
        .toList();
    return v.withFiles(tracks, compositions);
  }

  /** The playlist as a signed link on the host this request came to. */
  private StoredFileView playlist(String compositionId, StoredRef ref) {
    if (ref == null) {
      return null;
    }
    String base;
    try {
      base = org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
          .build().toUriString();
    } catch (IllegalStateException noRequest) {
      base = ""; // outside a request: the link relative to the server
    }
    return new StoredFileView(ref.key(), ref.size(), ref.sha256(), base + playlists.sign(compositionId),
        playlists.expiresFromNow());
  }

  private StoredFileView file(StoredRef ref) {
    if (ref == null) {
      return null;
    }
    if (ref.keyId() != null) {
      return new StoredFileView(ref.key(), ref.size(), ref.sha256(), null, null);
    }
    Instant expires = clock.instant().plus(urlTtl);
    try {
      String url = content.presignGet(ref.key(), urlTtl).toString();
      return new StoredFileView(ref.key(), ref.size(), ref.sha256(), url, expires);
    } catch (StorageException e) {
      // indexed but not servable (missing from the store): show it without a URL rather than fail the GET
      log.warn("No download URL for {}: {}", ref.key(), e.getMessage());
      return new StoredFileView(ref.key(), ref.size(), ref.sha256(), null, null);
    }
  }
}
