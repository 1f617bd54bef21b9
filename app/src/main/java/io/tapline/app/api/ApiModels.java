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

  public record RecordingView(String recordingId, String conversationId, String status, Instant startedAt,
      Instant stoppedAt) {}

  public record ConversationDetail(
      ConversationView conversation, List<ParticipantView> participants, List<EventView> events,
      long eventsTotal, List<RecordingView> recordings) {}

  public record PageView<T>(List<T> items, long offset, int limit, long total) {}

  public record IssueToken(String participantId, String name, String role, Long ttlSeconds) {}

  public record TokenView(String token, String conversationId, String participantId, String role,
      Instant expiresAt, String signalingPath) {}
}
