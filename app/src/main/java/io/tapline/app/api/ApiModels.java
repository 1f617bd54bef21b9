package io.tapline.app.api;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the REST API (openapi.yaml). */
public final class ApiModels {
  private ApiModels() {}

  public record ConversationOptions(Boolean record) {}

  public record CreateConversation(
      String id, String title, Instant plannedStart, Instant plannedEnd, ConversationOptions options) {}

  public record ConversationView(
      String id, String title, String status, Instant plannedStart, Instant plannedEnd, boolean record,
      String scheduleId, Instant createdAt, Instant updatedAt) {}

  public record ParticipantView(String participantId, String name, String role, Instant joinedAt, Instant leftAt,
      boolean online) {}

  public record EventView(Instant at, String type, String participantId, String detail) {}

  /** {@code finalization}: the finalize batch job's last run, only on a single recording's GET (else absent). */
  public record RecordingView(String recordingId, String conversationId, String status, Instant startedAt,
      Instant stoppedAt, FinalizeView finalization) {
    public RecordingView withFinalize(FinalizeView f) {
      return new RecordingView(recordingId, conversationId, status, startedAt, stoppedAt, f);
    }
  }

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
}
