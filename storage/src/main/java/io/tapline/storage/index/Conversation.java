package io.tapline.storage.index;

import java.time.Instant;

/**
 * A conversation row.
 *
 * @param configuration opaque JSON owned by the app (layout defaults, recording options)
 * @param retainUntil when its recordings and files may be purged; null keeps them
 */
public record Conversation(String id, String title, ConversationStatus status,
    Instant plannedStart, Instant plannedEnd, String configuration, Instant retainUntil,
    Instant createdAt, Instant updatedAt) {}
