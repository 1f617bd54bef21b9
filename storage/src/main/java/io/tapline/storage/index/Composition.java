package io.tapline.storage.index;

/** A composition of a recording; {@code object} is null until it is stored. */
public record Composition(String id, String recordingId, String layout, String format,
    CompositionStatus status, StoredRef object) {}
