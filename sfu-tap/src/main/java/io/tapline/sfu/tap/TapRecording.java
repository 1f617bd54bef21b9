package io.tapline.sfu.tap;

import io.tapline.pipeline.manifest.EventType;
import java.util.Map;

/**
 * One running recording. Lifecycle moves forward only: RECORDING -> (PAUSED <-> RECORDING) ->
 * STOPPED. Thread-safe.
 */
public interface TapRecording {
  enum State {
    RECORDING,
    PAUSED,
    STOPPED
  }

  String recordingId();

  String conversationId();

  State state();

  /** Appends an event of the conversation (join, leave, mute, speaker...) to the event log now. */
  void event(EventType type, String participantId, String trackId, Map<String, String> attributes);

  /** Stops writing packets until {@link #resume()}; records the pause as an event. */
  void pause();

  void resume();

  /** Closes every segment (handing each to the sink) and writes the final manifest. Idempotent. */
  void stop();
}
