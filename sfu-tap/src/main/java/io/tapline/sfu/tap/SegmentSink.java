package io.tapline.sfu.tap;

import io.tapline.pipeline.manifest.SegmentEntry;
import java.nio.file.Path;

/**
 * Receives each segment the moment it is closed (synced to disk and listed in the manifest),
 * e.g. to upload it. Called on the recording's writer thread: return quickly (queue long work).
 */
@FunctionalInterface
public interface SegmentSink {
  void segmentClosed(String recordingId, String trackId, SegmentEntry segment, Path file);

  /** The default: leave segments in the local recording directory. */
  static SegmentSink local() {
    return (recordingId, trackId, segment, file) -> {};
  }
}
