package io.tapline.sfu.signaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which session speaks for which participant of which conversation. Thread-safe. */
final class ConnectionDirectory {
  private final Map<String, Map<String, SignalingConnection>> byConversation = new ConcurrentHashMap<>();

  /** Registers a connection; returns the one it replaces, if any. */
  SignalingConnection put(String conversationId, String participantId, SignalingConnection connection) {
    return byConversation.computeIfAbsent(conversationId, k -> new ConcurrentHashMap<>())
        .put(participantId, connection);
  }

  /** Removes the entry only if it is still {@code connection}. */
  boolean remove(String conversationId, String participantId, SignalingConnection connection) {
    boolean[] removed = new boolean[1];
    byConversation.computeIfPresent(conversationId, (k, members) -> {
      removed[0] = members.remove(participantId, connection);
      return members.isEmpty() ? null : members;
    });
    return removed[0];
  }

  SignalingConnection get(String conversationId, String participantId) {
    Map<String, SignalingConnection> members = byConversation.get(conversationId);
    return members == null ? null : members.get(participantId);
  }

  /** Participant id -> connection, a copy. */
  Map<String, SignalingConnection> members(String conversationId) {
    Map<String, SignalingConnection> members = byConversation.get(conversationId);
    return members == null ? Map.of() : Map.copyOf(members);
  }

  Map<String, SignalingConnection> removeAll(String conversationId) {
    Map<String, SignalingConnection> members = byConversation.remove(conversationId);
    return members == null ? Map.of() : members;
  }
}
