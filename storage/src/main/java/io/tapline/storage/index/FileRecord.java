package io.tapline.storage.index;

import java.time.Instant;

/**
 * A file exchanged in a conversation.
 *
 * @param name the name as the uploader gave it, sanitized for display; never used in a key
 * @param contentType sniffed from the bytes
 */
public record FileRecord(String id, String conversationId, String name, String contentType,
    StoredRef object, String uploaderId, FileStatus status, Instant createdAt) {}
