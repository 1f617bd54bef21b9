package io.tapline.sfu.media;

/** Media-plane happenings the conversation layer turns into signaling events. Called off the packet thread. */
public interface MediaListener {
  /** The loudest participant of a conversation changed (after smoothing, hysteresis and dwell time). */
  default void activeSpeakerChanged(String conversationId, String participantId) {}

  /** The first packet of a published track arrived. */
  default void trackStarted(String conversationId, String trackId) {}
}
