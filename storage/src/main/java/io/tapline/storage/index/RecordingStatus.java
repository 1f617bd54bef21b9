package io.tapline.storage.index;

/** Lifecycle of a recording; only AVAILABLE ones are complete and durable; PURGING while deleted. */
public enum RecordingStatus {
  RECORDING, PAUSED, STOPPED, PROCESSING, AVAILABLE, FAILED, PURGING
}
