package io.tapline.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the REST API (openapi.yaml). */
public final class ApiModels {
  private ApiModels() {}

  public record ConversationOptions(Boolean record) {}

  /**
   * A composition the finalize job renders of each recording of the conversation (jobs
   * {@code ConversationSettings}); null fields take the defaults (grid, mp4, 1280x720, 30 fps).
   */
  public record CompositionOption(String layout, String format, Integer width, Integer height, Integer fps) {}

  /** {@code compositions}: null = one grid MP4; an empty list = per-track files only. */
  public record CreateConversation(
      String id, String title, Instant plannedStart, Instant plannedEnd, ConversationOptions options,
      List<CompositionOption> compositions) {}

  public record ConversationView(
      String id, String title, String status, Instant plannedStart, Instant plannedEnd, boolean record,
      String scheduleId, Instant createdAt, Instant updatedAt) {}

  public record ParticipantView(String participantId, String name, String role, Instant joinedAt, Instant leftAt,
      boolean online) {}

  public record EventView(Instant at, String type, String participantId, String detail) {}

  /**
   * {@code finalization}: the finalize batch job's last run; {@code tracks} and {@code
   * compositions}: the stored files with download URLs. All three only on a single recording's GET
   * (else absent).
   */
  public record RecordingView(String recordingId, String conversationId, String status, Instant startedAt,
      Instant stoppedAt, FinalizeView finalization, List<TrackFileView> tracks,
      List<CompositionFileView> compositions) {
    public RecordingView(String recordingId, String conversationId, String status, Instant startedAt,
        Instant stoppedAt) {
      this(recordingId, conversationId, status, startedAt, stoppedAt, null, null, null);
    }

    public RecordingView withFinalize(FinalizeView f) {
      return new RecordingView(recordingId, conversationId, status, startedAt, stoppedAt, f, tracks, compositions);
    }

    public RecordingView withFiles(List<TrackFileView> t, List<CompositionFileView> c) {
      return new RecordingView(recordingId, conversationId, status, startedAt, stoppedAt, finalization, t, c);
    }
  }

  /**
   * A stored object and how to fetch it: {@code url} is a presigned GET valid until {@code
   * urlExpiresAt}; both are absent for objects encrypted at rest (not servable that way).
   */
  public record StoredFileView(String objectKey, long size, String sha256, String url, Instant urlExpiresAt) {}

  /** A track of a recording; {@code file} is its exported per-track file once stored. */
  public record TrackFileView(String trackId, String participantId, String kind, String codec, StoredFileView file) {}

  /** A composition of a recording; {@code file} once stored. */
  public record CompositionFileView(String compositionId, String layout, String format, String status,
      StoredFileView file) {}

  /**
   * @param status the job execution's status (STARTED, COMPLETED, FAILED, ...)
   * @param step the step running now, or the last one run
   * @param error the first line of the exit description when it failed
   */
  public record FinalizeView(String status, String step, String error) {}

  public record ConversationDetail(
      ConversationView conversation, List<ParticipantView> participants, List<EventView> events,
      long eventsTotal, List<RecordingView> recordings) {}

  public record PageView<T>(List<T> items, long offset, int limit, long total) {}

  public record IssueToken(String participantId, String name, String role, Long ttlSeconds) {}

  public record TokenView(String token, String conversationId, String participantId, String role,
      Instant expiresAt, String signalingPath) {}

  // ---- recording outputs

  /**
   * A stored output of a recording: a per-track file ({@code kind} track) or a composition.
   *
   * @param outputId {@code track-{trackId}} or {@code composition-{compositionId}}
   * @param key the object key in storage
   */
  public record OutputView(String outputId, String kind, String trackId, String participantId, String compositionId,
      String key, long size, String sha256, String contentType) {}

  public record OutputList(String recordingId, List<OutputView> items) {}

  // ---- files

  public record FileView(String fileId, String conversationId, String name, long size, String contentType,
      String sha256, String uploader, Instant createdAt) {}

  // ---- compositions

  /**
   * Request body of {@code POST /recordings/{id}/compositions}; null fields take defaults.
   * {@code segmentSeconds}: only for the HLS formats.
   */
  public record CreateComposition(String layout, String format, Integer width, Integer height, Integer fps,
      String participantId, JsonNode template, Integer segmentSeconds) {}

  /**
   * @param status queued, running, available or failed
   * @param progress fraction done, 0 to 1 (1 when available)
   * @param segmentSeconds HLS only: the target segment duration
   * @param sourceCompositionId HLS only: the MP4 composition it packages
   * @param stage HLS only, until available: composing (the source) or packaging
   */
  public record CompositionView(String compositionId, String recordingId, String status, double progress,
      String layout, String format, Integer width, Integer height, Integer fps, String participantId,
      JsonNode template, Integer segmentSeconds, String sourceCompositionId, String stage, String error, Long size,
      String sha256) {}

  // ---- schedules

  public record CreateSchedule(Instant start, Instant stop, Long durationSeconds, String cron, String zone,
      Long graceSeconds) {}

  public record OccurrenceView(Instant plannedStart, String recordingId, String state, String detail) {}

  /** {@code occurrences}: only on a single schedule's GET. */
  public record ScheduleView(String scheduleId, String conversationId, String status, Instant start, String cron,
      String zone, Instant stop, Long durationSeconds, long graceSeconds, Instant nextStart, Instant createdAt,
      List<OccurrenceView> occurrences) {}

  // ---- webhooks

  public record CreateWebhook(String url, List<String> eventTypes, String secret) {}

  /** {@code secret}: only in the answer to the create, never again. */
  public record WebhookView(String webhookId, String url, List<String> eventTypes, Instant createdAt,
      String secret) {}

  public record DeliveryView(String deliveryId, String eventId, String eventType, String status, int attempts,
      Instant nextAttemptAt, Integer lastStatusCode, String lastError) {}
}
