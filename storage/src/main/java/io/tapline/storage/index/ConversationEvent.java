package io.tapline.storage.index;

import java.time.Instant;

/**
 * Something that happened in a conversation: a join, a leave, a chat message ({@code type}
 * "chat", {@code body} its text), a recording start.
 */
public record ConversationEvent(String conversationId, Instant at, String type,
    String participantId, String body) {}
