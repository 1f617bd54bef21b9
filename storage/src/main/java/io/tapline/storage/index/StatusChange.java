package io.tapline.storage.index;

import java.time.Instant;

/** One entry of a conversation's history. */
public record StatusChange(Instant at, ConversationStatus from, ConversationStatus to,
    String note) {}
