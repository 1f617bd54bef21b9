package io.tapline.sfu.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * Retransmissions (RFC 4588 RTX) to WebRTC subscribers, with units.
 *
 * @param maxBitrate retransmitted bits per second per subscribed track never exceed this, bit/s
 * @param estimateShare nor this share (0-1] of the subscriber connection's downlink estimate
 * @param minInterval a packet is resent at most once per interval (a NACK repeated within about a
 *     round trip asks for a retransmission already on its way)
 * @param history packets sent per subscription whose (output sequence number -> cached source
 *     packet) mapping is kept to answer NACKs (rounded up to a power of two)
 */
public record RtxConfig(long maxBitrate, double estimateShare, Duration minInterval, int history) {
  public RtxConfig {
    Objects.requireNonNull(minInterval, "minInterval");
    if (maxBitrate < 12_000 || estimateShare <= 0 || estimateShare > 1 || minInterval.isNegative() || history < 16) {
      throw new IllegalArgumentException("bad RTX settings: maxBitrate >= 12000 bit/s, 0 < estimateShare <= 1, "
          + "minInterval >= 0, history >= 16; got " + maxBitrate + " " + estimateShare + " " + minInterval + " "
          + history);
    }
  }

  /** 2 Mbit/s at most, a quarter of the estimate, once per 100 ms, the last 1024 packets. */
  public static RtxConfig defaults() {
    return new RtxConfig(2_000_000, 0.25, Duration.ofMillis(100), 1024);
  }
}
