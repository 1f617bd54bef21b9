package io.tapline.sfu.conversation;

import io.tapline.sfu.tap.TapRecording;
import java.nio.file.Path;
import java.time.Instant;

/** A conversation's current or last recording. */
public record RecordingStatus(String recordingId, TapRecording.State state, Path directory, Instant startedAt) {}
