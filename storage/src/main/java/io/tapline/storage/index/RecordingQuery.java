package io.tapline.storage.index;

import java.time.Instant;

/**
 * Filter for recordings; null fields do not filter.
 *
 * @param participantId recordings with a track from this participant
 * @param from started at or after
 * @param to started before
 */
public record RecordingQuery(String conversationId, String participantId, Instant from,
    Instant to, RecordingStatus status) {
  public static RecordingQuery all() {
    return new RecordingQuery(null, null, null, null, null);
  }
}
