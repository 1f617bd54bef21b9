package io.tapline.app.live;

import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.Recording;
import java.time.Instant;

/** The index row of a live recording. */
public final class RecordingRows {
  private RecordingRows() {}

  public static void save(IndexDatabase index, String conversationId, RecordingStatus r, Instant now) {
    io.tapline.storage.index.RecordingStatus status = switch (r.state()) {
      case RECORDING -> io.tapline.storage.index.RecordingStatus.RECORDING;
      case PAUSED -> io.tapline.storage.index.RecordingStatus.PAUSED;
      case STOPPED -> io.tapline.storage.index.RecordingStatus.STOPPED;
    };
    Instant stoppedAt = status == io.tapline.storage.index.RecordingStatus.STOPPED ? now : null;
    Recording existing = index.recordings().find(r.recordingId()).orElse(null);
    if (existing != null && existing.stoppedAt() != null) {
      stoppedAt = existing.stoppedAt();
    }
    index.recordings().save(new Recording(r.recordingId(), conversationId, status, r.startedAt(), stoppedAt, null,
        null, null), now);
  }
}
