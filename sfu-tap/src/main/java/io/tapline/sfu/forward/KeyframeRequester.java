package io.tapline.sfu.forward;

/**
 * Rate-limits and merges keyframe requests of one track: the first request goes out at once, the
 * ones arriving within {@code minInterval} after it are merged into a single PLI sent when the
 * interval is over. Requests made before the publisher is known wait for it. I/O thread only.
 */
final class KeyframeRequester {
  /** Sends one PLI to the publisher; returns false when it cannot yet (publisher unknown). */
  interface PliSender {
    boolean sendPli(long nowNanos);
  }

  private final long minIntervalNanos;
  private final PliSender sender;
  private long lastSentNanos;
  private boolean sentOnce;
  private boolean pending;
  private long sent;
  private long merged;

  KeyframeRequester(long minIntervalNanos, PliSender sender) {
    this.minIntervalNanos = minIntervalNanos;
    this.sender = sender;
  }

  void request(long nowNanos) {
    if (pending) {
      merged++;
      return;
    }
    pending = true;
    tick(nowNanos);
  }

  void tick(long nowNanos) {
    if (!pending || (sentOnce && nowNanos - lastSentNanos < minIntervalNanos)) {
      return;
    }
    if (sender.sendPli(nowNanos)) {
      pending = false;
      sentOnce = true;
      lastSentNanos = nowNanos;
      sent++;
    }
  }

  long sent() {
    return sent;
  }

  long merged() {
    return merged;
  }

  boolean pending() {
    return pending;
  }
}
