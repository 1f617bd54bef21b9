package io.tapline.sfu.tap;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the tap, with units.
 *
 * @param segmentDuration a segment rolls after this long, at the next keyframe for video
 * @param rollGrace how long past {@code segmentDuration} a video segment waits for a keyframe
 *     before rolling anyway (the next segment then does not start with a keyframe)
 * @param keyframeLead a keyframe is requested this long before the roll is due: about the time a
 *     publisher takes to answer a PLI (a keyframe arriving before the roll is due is wasted)
 * @param firstKeyframeWait how long the first segment of a video track (and the first after a
 *     resume) waits for a keyframe before starting on a delta frame
 * @param flushInterval records reach the OS at most this long after they arrive
 * @param queueCapacity packets buffered between the forwarding threads and the writer; beyond
 *     it packets are dropped and counted ({@code tap.queue_full})
 * @param sink where closed segments go
 */
public record TapConfig(
    Duration segmentDuration,
    Duration rollGrace,
    Duration keyframeLead,
    Duration firstKeyframeWait,
    Duration flushInterval,
    int queueCapacity,
    SegmentSink sink) {

  public TapConfig {
    for (Duration d : new Duration[] {segmentDuration, rollGrace, keyframeLead, firstKeyframeWait, flushInterval}) {
      Objects.requireNonNull(d, "durations must be set");
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative duration " + d);
      }
    }
    if (segmentDuration.isZero() || flushInterval.isZero() || queueCapacity < 16) {
      throw new IllegalArgumentException("segmentDuration and flushInterval > 0, queueCapacity >= 16");
    }
    Objects.requireNonNull(sink, "sink");
  }

  public static TapConfig defaults() {
    return new TapConfig(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(3),
        Duration.ofSeconds(1), 8192, SegmentSink.local());
  }

  public TapConfig withSegmentDuration(Duration d) {
    return new TapConfig(d, rollGrace, keyframeLead, firstKeyframeWait, flushInterval, queueCapacity, sink);
  }

  public TapConfig withFlushInterval(Duration d) {
    return new TapConfig(segmentDuration, rollGrace, keyframeLead, firstKeyframeWait, d, queueCapacity, sink);
  }

  public TapConfig withSink(SegmentSink s) {
    return new TapConfig(segmentDuration, rollGrace, keyframeLead, firstKeyframeWait, flushInterval, queueCapacity, s);
  }

  public TapConfig withRollGrace(Duration d) {
    return new TapConfig(segmentDuration, d, keyframeLead, firstKeyframeWait, flushInterval, queueCapacity, sink);
  }
}
