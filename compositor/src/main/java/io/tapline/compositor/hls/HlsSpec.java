package io.tapline.compositor.hls;

import java.util.Objects;

/**
 * How to package a video as HLS (RFC 8216).
 *
 * @param segments fragmented MP4 (RFC 8216 section 3.3) or MPEG-TS (section 3.2) media segments
 * @param segmentSeconds target duration; segments are cut at the keyframe at or after it
 */
public record HlsSpec(SegmentType segments, int segmentSeconds) {
  /** Media segment container. */
  public enum SegmentType { FMP4, TS }

  public HlsSpec {
    Objects.requireNonNull(segments, "segments");
    if (segmentSeconds < 1 || segmentSeconds > 60) {
      throw new IllegalArgumentException("HLS segment duration must be 1 to 60 s: "
          + segmentSeconds);
    }
  }

  public String segmentExtension() {
    return segments == SegmentType.FMP4 ? "m4s" : "ts";
  }
}
