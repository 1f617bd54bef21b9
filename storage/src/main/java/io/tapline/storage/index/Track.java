package io.tapline.storage.index;

/**
 * One audio or video stream of a participant in a recording.
 *
 * @param file the exported per-track file, or null before export
 */
public record Track(String recordingId, String id, String participantId, TrackKind kind,
    String codec, StoredRef file) {}
