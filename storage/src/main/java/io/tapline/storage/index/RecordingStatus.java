package io.tapline.storage.index;

/** Lifecycle of a recording; only AVAILABLE ones are complete and durable. */
public enum RecordingStatus {
  RECORDING, PAUSED, STOPPED, PROCESSING, AVAILABLE, FAILED
}
