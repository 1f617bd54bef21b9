package io.tapline.sfu.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * Simulcast layer selection and the downlink bandwidth estimate that drives it, with units.
 *
 * @param upSwitchDelay how long a higher layer must fit the estimate (with headroom) before a
 *     subscriber is moved up to it; going down is immediate
 * @param upHeadroom a higher layer fits when its measured bitrate is at most estimate x this (0-1]
 * @param startBitrate the estimate of a new WebRTC subscriber connection, bit/s
 * @param minBitrate the estimate never goes below this, bit/s
 * @param maxBitrate nor above this, bit/s
 * @param increasePerSecond relative growth of the estimate per second while loss stays under
 *     {@code lossLow} (0.08 = 8 %/s, as in GoogCC's loss-based controller)
 * @param lossLow fraction lost (0-1) under which the estimate grows
 * @param lossHigh fraction lost above which the estimate is cut to {@code rate x (1 - loss / 2)}
 */
public record SimulcastConfig(Duration upSwitchDelay, double upHeadroom, long startBitrate, long minBitrate,
    long maxBitrate, double increasePerSecond, double lossLow, double lossHigh) {
  public SimulcastConfig {
    Objects.requireNonNull(upSwitchDelay, "upSwitchDelay");
    if (upHeadroom <= 0 || upHeadroom > 1 || minBitrate <= 0 || startBitrate < minBitrate || maxBitrate < startBitrate
        || increasePerSecond <= 0 || lossLow < 0 || lossHigh < lossLow || lossHigh > 1) {
      throw new IllegalArgumentException("bad simulcast settings: " + upHeadroom + " " + minBitrate + "/"
          + startBitrate + "/" + maxBitrate + " " + increasePerSecond + " " + lossLow + "/" + lossHigh);
    }
  }

  public static SimulcastConfig defaults() {
    return new SimulcastConfig(Duration.ofSeconds(3), 0.85, 1_000_000, 100_000, 20_000_000, 0.08, 0.02, 0.10);
  }
}
