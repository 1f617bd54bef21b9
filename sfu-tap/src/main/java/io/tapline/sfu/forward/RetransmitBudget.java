package io.tapline.sfu.forward;

/**
 * A token bucket in bytes that bounds one subscription's retransmissions: refilled at the rate
 * given on each call (it follows the downlink estimate), holding at most 100 ms of that rate (and
 * at least one full-size packet). Track I/O thread only.
 */
final class RetransmitBudget {
  private static final long MIN_BURST = 1500;
  private double tokens = MIN_BURST;
  private long lastNanos = Long.MIN_VALUE;

  /** Takes {@code bytes} if the bucket holds them at {@code bytesPerSecond}; false (nothing taken) otherwise. */
  boolean take(int bytes, long bytesPerSecond, long nowNanos) {
    double burst = Math.max(MIN_BURST, bytesPerSecond / 10.0);
    if (lastNanos != Long.MIN_VALUE) {
      tokens += (nowNanos - lastNanos) * (bytesPerSecond / 1e9);
    }
    lastNanos = nowNanos;
    tokens = Math.min(tokens, burst);
    if (tokens < bytes) {
      return false;
    }
    tokens -= bytes;
    return true;
  }
}
