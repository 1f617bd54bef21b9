package io.tapline.sfu.forward;

/**
 * The bandwidth towards one WebRTC subscriber, from its own feedback. The algorithm:
 *
 * <ol>
 *   <li><b>Loss-based</b> (GoogCC's loss controller): on each receiver report, with the largest
 *       fraction lost of its report blocks (RFC 3550 section 6.4.1): under {@code lossLow} the
 *       estimate grows by {@code increasePerSecond} per second elapsed; over {@code lossHigh} it is
 *       cut to {@code min(estimate, sendRate) x (1 - loss / 2)}; in between it holds.
 *   <li><b>REMB</b> (draft-alvestrand-rmcat-remb): the browser's delay-based receive estimate. It
 *       can only say "congested": libwebrtc caps it at 1.5 x the rate it receives, so a REMB at or
 *       above what we send carries no news about headroom. Nor does a REMB below what we send
 *       that did not fall: libwebrtc's receive estimate only ever decreases when its overuse
 *       detector fires (to 0.85 x the rate it received) and otherwise grows by at most 8 %/s up to
 *       that 1.5 x cap, so after an up-switch (or a keyframe burst) it lags below the new send rate
 *       for seconds without any congestion. A REMB that fell below the previous one (under 3 s
 *       old) by more than 3 % and is below the measured send rate caps the estimate (and the
 *       loss-based value, so it does not snap back).
 *   <li>The result stays within {@code [minBitrate, maxBitrate]}.
 * </ol>
 *
 * Going up without probing: a higher layer is tried once the estimate has grown past it (with the
 * selector's headroom and delay); if the path cannot carry it, loss or a REMB brings the estimate
 * and the layer down again, and the next try waits for the estimate to regrow (8 %/s by default).
 * Thread-safe (feedback on the transport loop, reads on track loops).
 */
public final class DownlinkEstimator {
  private static final long REMB_FRESH_NANOS = 3_000_000_000L;
  private static final long RATE_WINDOW_NANOS = 500_000_000L;
  /** A REMB under this fraction of the previous one fell: the receiver saw overuse. */
  private static final double REMB_FALL = 0.97;

  private final SimulcastConfig config;
  private double estimate;
  private long lastReportNanos = Long.MIN_VALUE;
  private long remb = -1;
  private long rembNanos;
  private long windowStart = Long.MIN_VALUE;
  private long windowBytes;
  private long sendRate;
  private volatile long published;

  public DownlinkEstimator(SimulcastConfig config) {
    this.config = config;
    this.estimate = config.startBitrate();
    this.published = config.startBitrate();
  }

  /** RTP bytes sent to the subscriber (for the send rate the feedback is compared with). */
  public synchronized void sent(int bytes, long nowNanos) {
    if (windowStart == Long.MIN_VALUE) {
      windowStart = nowNanos;
    }
    windowBytes += bytes;
    long elapsed = nowNanos - windowStart;
    if (elapsed >= RATE_WINDOW_NANOS) {
      long measured = windowBytes * 8 * 1_000_000_000L / elapsed;
      sendRate = sendRate == 0 ? measured : (sendRate + measured) / 2;
      windowBytes = 0;
      windowStart = nowNanos;
    }
  }

  /** A receiver report: {@code fractionLost} is the largest of its blocks about our streams, 0-1. */
  public synchronized void receiverReport(double fractionLost, long nowNanos) {
    double seconds = lastReportNanos == Long.MIN_VALUE ? 0 : Math.min(2.0, (nowNanos - lastReportNanos) / 1e9);
    lastReportNanos = nowNanos;
    if (fractionLost < config.lossLow()) {
      estimate *= Math.pow(1 + config.increasePerSecond(), seconds);
    } else if (fractionLost > config.lossHigh()) {
      double base = sendRate > 0 ? Math.min(estimate, sendRate) : estimate;
      estimate = base * (1 - fractionLost / 2);
    }
    update();
  }

  /** A REMB from the subscriber, bit/s. */
  public synchronized void remb(long bitrate, long nowNanos) {
    boolean fell = remb >= 0 && nowNanos - rembNanos < REMB_FRESH_NANOS && bitrate < remb * REMB_FALL;
    remb = bitrate;
    rembNanos = nowNanos;
    if (fell && sendRate > 0 && bitrate < sendRate) {
      estimate = Math.min(estimate, bitrate);
    }
    update();
  }

  private void update() {
    estimate = clamp(estimate);
    published = (long) estimate;
  }

  private double clamp(double v) {
    return Math.max(config.minBitrate(), Math.min(config.maxBitrate(), v));
  }

  /** The current estimate, bit/s. Any thread. */
  public long estimate() {
    return published;
  }

  synchronized long sendRate() {
    return sendRate;
  }
}
