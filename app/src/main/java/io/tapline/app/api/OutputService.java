package io.tapline.app.api;

import io.tapline.app.api.ApiModels.OutputList;
import io.tapline.app.api.ApiModels.OutputView;
import io.tapline.app.api.content.StoredObject;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.index.Track;
import io.tapline.storage.index.TrackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a finalized recording produced, ready to download: the per-track files and the stored
 * compositions, each with its key, size, SHA-256 and content type (from the index).
 */
public final class OutputService {
  static final String TRACK = "track-";
  static final String COMPOSITION = "composition-";

  private final RecordingService recordings;
  private final IndexDatabase index;

  public OutputService(RecordingService recordings, IndexDatabase index) {
    this.recordings = recordings;
    this.index = index;
  }

  public OutputList list(String app, String recordingId) {
    Recording r = recordings.owned(app, recordingId);
    List<OutputView> items = new ArrayList<>();
    for (Track t : index.recordings().tracks(r.id())) {
      if (t.file() != null) {
        items.add(trackView(t));
      }
    }
    for (Composition c : index.recordings().compositions(r.id())) {
      if (c.status() == CompositionStatus.AVAILABLE && c.object() != null) {
        items.add(compositionView(c));
      }
    }
    return new OutputList(r.id(), items);
  }

  /** The stored object behind one output of an application's recording; 404 if there is none. */
  public StoredObject object(String app, String recordingId, String outputId) {
    Recording r = recordings.owned(app, recordingId);
    OutputView v = list(app, r.id()).items().stream().filter(o -> o.outputId().equals(outputId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("recording '" + recordingId + "' has no output '" + outputId
            + "' (list them at /api/v1/recordings/" + recordingId + "/outputs)"));
    StoredRef ref = v.trackId() != null
        ? index.recordings().tracks(r.id()).stream().filter(t -> t.id().equals(v.trackId())).findFirst()
            .map(Track::file).orElseThrow()
        : index.recordings().composition(v.compositionId()).map(Composition::object).orElseThrow();
    return new StoredObject(ref.key(), ref.size(), ref.sha256(), v.contentType(),
        r.id() + "-" + lastSegment(ref.key()), ref.keyId() != null);
  }

  /** The composition behind an output when it is an HLS playlist (served rewritten, not as stored). */
  public Optional<Composition> hlsComposition(String app, String recordingId, String outputId) {
    if (!outputId.startsWith(COMPOSITION)) {
      return Optional.empty();
    }
    object(app, recordingId, outputId); // owned and listed, else 404
    return index.recordings().composition(outputId.substring(COMPOSITION.length())).filter(HlsPlaylists::isPlaylist);
  }

  static OutputView trackView(Track t) {
    StoredRef f = t.file();
    return new OutputView(TRACK + t.id(), "track", t.id(), t.participantId(), null, f.key(), f.size(), f.sha256(),
        contentType(f.key(), t.kind() == TrackKind.AUDIO));
  }

  static OutputView compositionView(Composition c) {
    StoredRef o = c.object();
    return new OutputView(COMPOSITION + c.id(), "composition", null, null, c.id(), o.key(), o.size(), o.sha256(),
        contentType(o.key(), false));
  }

  /** From the extension the jobs gave the object (KeyLayout: {@code .../{id}.{ext}}). */
  static String contentType(String key, boolean audioOnly) {
    String ext = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "mp4" -> "video/mp4";
      case "webm" -> audioOnly ? "audio/webm" : "video/webm";
      case "ogg", "opus" -> "audio/ogg";
      case "mkv" -> "video/x-matroska";
      case "m3u8" -> "application/vnd.apple.mpegurl";
      case "m4a" -> "audio/mp4";
      default -> "application/octet-stream";
    };
  }

  private static String lastSegment(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
