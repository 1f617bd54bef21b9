package io.tapline.storage.index;

import java.time.Instant;

/** A recording row; {@code durationMs} excludes pauses. */
public record Recording(String id, String conversationId, RecordingStatus status,
    Instant startedAt, Instant stoppedAt, Long durationMs, String manifestKey,
    Instant retainUntil) {}
