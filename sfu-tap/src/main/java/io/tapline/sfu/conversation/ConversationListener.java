package io.tapline.sfu.conversation;

/**
 * What the application (webhooks, index) wants to know about conversations. Called in order, on
 * the thread that caused the event, while the conversation is locked: hand slow work off.
 */
public interface ConversationListener {
  default void conversationStarted(String conversationId) {}

  default void conversationEnded(String conversationId, EndReason reason) {}

  default void participantJoined(String conversationId, Participant participant) {}

  default void participantLeft(String conversationId, Participant participant, LeaveReason reason) {}

  default void recordingStarted(String conversationId, RecordingStatus recording) {}

  default void recordingPaused(String conversationId, RecordingStatus recording) {}

  default void recordingResumed(String conversationId, RecordingStatus recording) {}

  default void recordingStopped(String conversationId, RecordingStatus recording) {}
}
