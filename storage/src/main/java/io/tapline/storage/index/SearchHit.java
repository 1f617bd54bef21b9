package io.tapline.storage.index;

import java.time.Instant;

/**
 * One search result.
 *
 * @param kind "file", "participant" or "chat"
 * @param id file id, participant id, or the chat author's participant id
 * @param text the matching name or message
 */
public record SearchHit(String kind, String conversationId, String id, String text, Instant at) {}
