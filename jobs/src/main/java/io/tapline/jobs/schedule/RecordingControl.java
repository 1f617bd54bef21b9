package io.tapline.jobs.schedule;

/**
 * Port to the SFU's recording controller; the app wires it to the tap. Implementations must be
 * idempotent per recording id: the scheduler chooses the id, and asks again with the same id after
 * a re-fire or while waiting for the conversation to begin.
 */
public interface RecordingControl {

  /** The answer to a start request. */
  sealed interface StartResult {
    /** Recording (just started, or already running under this id). */
    record Started(String recordingId) implements StartResult {}

    /** Nobody has joined the conversation yet: nothing to record, ask again later. */
    record NotLive() implements StartResult {}
  }

  StartResult start(String conversationId, String recordingId);

  /** Stops the recording; stopping a stopped or unknown recording is not an error. */
  void stop(String recordingId);
}
