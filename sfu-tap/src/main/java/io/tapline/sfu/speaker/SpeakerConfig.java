package io.tapline.sfu.speaker;

import java.time.Duration;
import java.util.Objects;

/**
 * Active speaker detection settings.
 *
 * @param smoothing time constant of the exponential average of each participant's loudness
 * @param hysteresisDb how much louder (dB) a challenger must be than the current speaker
 * @param minDwell the least time a speaker keeps the floor before another may take it
 * @param silenceLevel levels at or above this (-dBov) count as silence
 * @param staleAfter a participant with no level for this long counts as silent
 * @param evaluateEvery how often the loudest participant is chosen
 */
public record SpeakerConfig(
    Duration smoothing, double hysteresisDb, Duration minDwell, int silenceLevel, Duration staleAfter, Duration evaluateEvery) {
  public SpeakerConfig {
    Objects.requireNonNull(smoothing, "smoothing");
    Objects.requireNonNull(minDwell, "minDwell");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(evaluateEvery, "evaluateEvery");
    if (smoothing.isNegative() || smoothing.isZero() || evaluateEvery.isNegative() || evaluateEvery.isZero()) {
      throw new IllegalArgumentException("smoothing and evaluateEvery must be positive");
    }
    if (hysteresisDb < 0 || silenceLevel < 0 || silenceLevel > 127) {
      throw new IllegalArgumentException("hysteresisDb >= 0 and silenceLevel in 0..127");
    }
  }

  public static SpeakerConfig defaults() {
    return new SpeakerConfig(
        Duration.ofMillis(300), 6.0, Duration.ofMillis(1500), 90, Duration.ofMillis(500), Duration.ofMillis(100));
  }
}
