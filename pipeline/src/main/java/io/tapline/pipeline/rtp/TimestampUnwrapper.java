package io.tapline.pipeline.rtp;

/**
 * Extends 32-bit RTP timestamps to 64 bits. Each timestamp is placed at the signed 32-bit distance
 * from the highest seen so far, so reordered packets and timestamps slightly behind (an RTCP SR,
 * a B-frame) land in the right cycle across a wrap; the highest only moves forward. A timestamp
 * more than 2^31 ticks (6.6 hours at 90 kHz) away cannot be told apart from one in the other
 * direction.
 *
 * <p>The first timestamp is returned as is.
 */
public final class TimestampUnwrapper {
  private boolean started;
  private long highest;

  /** The extended timestamp for {@code timestamp} (0 to 2^32 - 1). */
  public long unwrap(long timestamp) {
    if (timestamp < 0 || timestamp > 0xffffffffL) {
      throw new IllegalArgumentException("timestamp " + timestamp);
    }
    if (!started) {
      started = true;
      highest = timestamp;
      return timestamp;
    }
    int delta = (int) (timestamp - highest); // signed distance modulo 2^32
    long extended = highest + delta;
    if (delta > 0) {
      highest = extended;
    }
    return extended;
  }

  public boolean started() {
    return started;
  }
}
