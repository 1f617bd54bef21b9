package io.tapline.sfu.tap;

import java.nio.file.Path;

/**
 * Records conversations from the forwarding core. Implemented by the media plane, which sees every
 * packet it forwards.
 */
public interface Tap {
  /**
   * Starts recording every track of a conversation, present and future, into {@code directory}
   * (see {@code io.tapline.pipeline.manifest.RecordingDirectory}). Requests a keyframe for each
   * video track.
   *
   * @throws IllegalStateException if the conversation is already being recorded
   */
  TapRecording start(String conversationId, String recordingId, Path directory);
}
