package io.tapline.jobs.batch;

import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.Track;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The end of finalization: marks the recording AVAILABLE, then publishes {@code
 * composition.ready} for each stored composition and {@code recording.ready}. It runs only after
 * every index row is committed (the rows are written, auto-committed, by the steps before). Event
 * ids are derived from the recording and composition ids, so publishing again after a crash queues
 * nothing new in the webhook outbox.
 */
public final class ReadyNotifier {
  private final RecordingRepository recordings;
  private final EventPublisher events;
  private final Clock clock;

  public ReadyNotifier(RecordingRepository recordings, EventPublisher events, Clock clock) {
    this.recordings = recordings;
    this.events = events;
    this.clock = clock;
  }

  /** Marks the recording ready and publishes; returns how many events were published. */
  public int ready(String recordingId, String applicationId, List<String> compositionIds) {
    Recording r = recordings.get(recordingId);
    Instant now = clock.instant();
    recordings.changeStatus(recordingId, RecordingStatus.AVAILABLE, now);
    int published = 0;
    for (String id : compositionIds) {
      if (compositionReady(r, id, applicationId, now)) {
        published++;
      }
    }
    List<Track> tracks = recordings.tracks(recordingId);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", r.conversationId());
    data.put("recordingId", recordingId);
    data.put("durationMs", r.durationMs() == null ? 0 : r.durationMs());
    data.put("tracks", tracks.stream().filter(t -> t.file() != null).count());
    data.put("compositions", compositionIds.size());
    events.publish(new Event(recordingReadyId(recordingId), EventType.RECORDING_READY,
        applicationId, now, data));
    return published + 1;
  }

  /** Publishes {@code composition.ready} for a stored composition; false if it is not stored. */
  public boolean compositionReady(String recordingId, String compositionId,
      String applicationId) {
    return compositionReady(recordings.get(recordingId), compositionId, applicationId,
        clock.instant());
  }

  private boolean compositionReady(Recording r, String compositionId, String applicationId,
      Instant now) {
    Composition c = recordings.compositions(r.id()).stream()
        .filter(x -> x.id().equals(compositionId)).findFirst().orElse(null);
    if (c == null || c.status() != CompositionStatus.AVAILABLE || c.object() == null) {
      return false;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", r.conversationId());
    data.put("recordingId", r.id());
    data.put("compositionId", c.id());
    data.put("layout", c.layout());
    data.put("format", c.format());
    data.put("objectKey", c.object().key());
    data.put("size", c.object().size());
    data.put("sha256", c.object().sha256());
    events.publish(new Event(compositionReadyId(c.id()), EventType.COMPOSITION_READY,
        applicationId, now, data));
    return true;
  }

  /** Marks a recording FAILED and publishes {@code recording.failed} once per failed attempt. */
  public void failed(String recordingId, String applicationId, long attempt, String reason) {
    if (recordings.find(recordingId).isEmpty()) {
      return;
    }
    recordings.changeStatus(recordingId, RecordingStatus.FAILED, clock.instant());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("recordingId", recordingId);
    data.put("reason", reason == null ? "unknown" : reason);
    events.publish(new Event(eventId("recording.failed/" + recordingId + "/" + attempt),
        EventType.RECORDING_FAILED, applicationId, clock.instant(), data));
  }

  /**
   * Publishes {@code composition.failed} once per failed attempt ({@code attempt}: the job
   * execution id).
   */
  public void compositionFailed(String recordingId, String compositionId, String applicationId,
      long attempt, String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    recordings.find(recordingId).ifPresent(r -> data.put("conversationId", r.conversationId()));
    data.put("recordingId", recordingId);
    data.put("compositionId", compositionId);
    data.put("reason", reason == null ? "unknown" : reason);
    events.publish(new Event(eventId("composition.failed/" + compositionId + "/" + attempt),
        EventType.COMPOSITION_FAILED, applicationId, clock.instant(), data));
  }

  static String recordingReadyId(String recordingId) {
    return eventId("recording.ready/" + recordingId);
  }

  static String compositionReadyId(String compositionId) {
    return eventId("composition.ready/" + compositionId);
  }

  /** A name-based UUID: the same name always gives the same id (and it fits the outbox). */
  static String eventId(String name) {
    return "evt-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
