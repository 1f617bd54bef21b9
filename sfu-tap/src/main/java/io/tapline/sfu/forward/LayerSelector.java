package io.tapline.sfu.forward;

/**
 * Picks the simulcast layer that fits a receiver's bandwidth estimate, with hysteresis so layers
 * do not flap:
 *
 * <ul>
 *   <li>a layer fits when it is active (packets within the stream timeout) and its measured
 *       bitrate is at most the estimate; layers are ordered lowest quality first;
 *   <li>the current layer is kept while it fits; when it stops fitting the receiver goes down at
 *       once to the best layer that fits (the lowest active one when none does);
 *   <li>going up needs a higher layer to fit with headroom ({@code bitrate <= estimate *
 *       upHeadroom}) continuously for {@code upDelay}; the highest such layer is chosen;
 *   <li>a current layer that went inactive is replaced at once.
 * </ul>
 *
 * Pure logic with an injected time; one instance per receiver. I/O thread only.
 */
final class LayerSelector {
  private final long upDelayNanos;
  private final double upHeadroom;
  private int candidate = -1;
  private long candidateSince;

  LayerSelector(long upDelayNanos, double upHeadroom) {
    this.upDelayNanos = upDelayNanos;
    this.upHeadroom = upHeadroom;
  }

  /**
   * @param estimateBps the receiver's bandwidth estimate, bit/s ({@code Long.MAX_VALUE}: unlimited)
   * @param bitrates each layer's measured bitrate, bit/s
   * @param active whether each layer is being received
   * @param current the layer the receiver gets now, or -1
   * @return the layer it should get, or -1 when no layer is active
   */
  int select(long estimateBps, long[] bitrates, boolean[] active, int current, long nowNanos) {
    int lowestActive = -1;
    int bestFit = -1;
    int bestUp = -1;
    for (int i = 0; i < bitrates.length; i++) {
      if (!active[i]) {
        continue;
      }
      if (lowestActive < 0) {
        lowestActive = i;
      }
      if (bitrates[i] <= estimateBps) {
        bestFit = i;
      }
      if (bitrates[i] <= estimateBps * upHeadroom) {
        bestUp = i;
      }
    }
    if (lowestActive < 0) {
      candidate = -1;
      return -1;
    }
    int fallback = bestFit >= 0 ? bestFit : lowestActive;
    if (current < 0 || current >= active.length || !active[current]) {
      candidate = -1;
      return fallback;
    }
    if (bitrates[current] > estimateBps) {
      candidate = -1;
      return Math.min(current, fallback);
    }
    if (bestUp > current) {
      if (candidate != bestUp) {
        candidate = bestUp; // another candidate restarts the wait
        candidateSince = nowNanos;
      }
      return nowNanos - candidateSince >= upDelayNanos ? bestUp : current;
    }
    candidate = -1;
    return current;
  }
}
