package io.tapline.storage.index;

import java.time.Instant;

/** A participant of a conversation. */
public record Participant(String conversationId, String id, String displayName, String role,
    Instant joinedAt, Instant leftAt) {}
