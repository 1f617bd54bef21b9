package io.tapline.sfu.conversation;

/**
 * Something that happened in a conversation. Delivered to {@link ConversationObserver}s in the
 * order it happened. {@link #actorId()} is the participant whose request caused it (who already
 * got an answer), or null.
 */
public sealed interface ConversationEvent {
  default String actorId() {
    return null;
  }

  record Started() implements ConversationEvent {}

  record ParticipantJoined(Participant participant) implements ConversationEvent {
    @Override
    public String actorId() {
      return participant.id();
    }
  }

  record ParticipantLeft(Participant participant, LeaveReason reason) implements ConversationEvent {
    @Override
    public String actorId() {
      return participant.id();
    }
  }

  record TrackPublished(Track track) implements ConversationEvent {
    @Override
    public String actorId() {
      return track.participantId();
    }
  }

  record TrackUnpublished(Track track, String actorId) implements ConversationEvent {}

  /** The track's {@link Track#muted()} is the new state. */
  record TrackMuteChanged(Track track, String actorId) implements ConversationEvent {}

  record ActiveSpeakerChanged(String participantId) implements ConversationEvent {}

  enum RecordingAction {
    STARTED,
    PAUSED,
    RESUMED,
    STOPPED
  }

  record RecordingChanged(RecordingAction action, RecordingStatus status, String actorId)
      implements ConversationEvent {}

  record Ended(EndReason reason) implements ConversationEvent {}
}
