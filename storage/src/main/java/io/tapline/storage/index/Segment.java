package io.tapline.storage.index;

import java.time.Instant;

/** One stored segment file; natural key (recordingId, trackId, index). */
public record Segment(String recordingId, String trackId, int index, StoredRef object,
    Instant startedAt, Long durationMs) {}
