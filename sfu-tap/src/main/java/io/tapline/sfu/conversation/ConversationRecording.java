package io.tapline.sfu.conversation;

import io.micrometer.core.instrument.Counter;
import io.tapline.sfu.conversation.ConversationEvent.RecordingAction;
import io.tapline.sfu.conversation.ConversationException.Failure;
import io.tapline.sfu.tap.TapRecording;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * A conversation's current or last recording: the tap's handle, where it writes, and the writer of
 * its event log. Lifecycle only moves forward. Guarded by the conversation's lock.
 */
final class ConversationRecording {
  private final TapRecording tap;
  private final Path directory;
  private final Instant startedAt;
  private final RecordingEventWriter events;

  ConversationRecording(TapRecording tap, Path directory, Instant startedAt, Counter eventFailures) {
    this.tap = tap;
    this.directory = directory;
    this.startedAt = startedAt;
    this.events = new RecordingEventWriter(tap, eventFailures);
  }

  boolean isActive() {
    return tap.state() != TapRecording.State.STOPPED;
  }

  String recordingId() {
    return tap.recordingId();
  }

  RecordingStatus status() {
    return new RecordingStatus(tap.recordingId(), tap.state(), directory, startedAt);
  }

  void writeState(Collection<Participant> participants, Collection<Track> tracks) {
    events.writeState(participants, tracks);
  }

  void write(ConversationEvent event) {
    events.write(event);
  }

  /** Pauses, resumes or stops; refuses moves the lifecycle does not allow. */
  void apply(RecordingAction action, String conversationId) {
    TapRecording.State state = tap.state();
    boolean allowed = switch (action) {
      case PAUSED -> state == TapRecording.State.RECORDING;
      case RESUMED -> state == TapRecording.State.PAUSED;
      case STOPPED -> state != TapRecording.State.STOPPED;
      case STARTED -> false;
    };
    if (!allowed) {
      throw new ConversationException(Failure.INVALID_STATE, "cannot " + verb(action) + " recording " + tap.recordingId()
          + " of " + conversationId + ": it is " + state.name().toLowerCase(Locale.ROOT));
    }
    try {
      switch (action) {
        case PAUSED -> tap.pause();
        case RESUMED -> tap.resume();
        default -> tap.stop();
      }
    } catch (RuntimeException e) {
      throw new ConversationException(
          Failure.MEDIA_FAILURE, "the tap could not " + verb(action) + " recording " + tap.recordingId(), e);
    }
  }

  private static String verb(RecordingAction action) {
    return switch (action) {
      case STARTED -> "start";
      case PAUSED -> "pause";
      case RESUMED -> "resume";
      case STOPPED -> "stop";
    };
  }
}
