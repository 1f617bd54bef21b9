package io.tapline.sfu.tap;

import io.tapline.pipeline.segment.RecordType;

/**
 * Where the forwarding thread hands a recorded track's packets. Implementations copy what they
 * keep and return at once (no disk I/O on the caller's thread).
 */
public interface TrackTap {
  void record(RecordType type, long arrivalMicros, byte[] buffer, int offset, int length);
}
