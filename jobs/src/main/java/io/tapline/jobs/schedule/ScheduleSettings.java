package io.tapline.jobs.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Pacing of scheduled recordings.
 *
 * @param joinPollInterval how often to ask again whether a conversation has begun, within the join
 *     grace of its schedule
 */
public record ScheduleSettings(Duration joinPollInterval) {

  public ScheduleSettings {
    Objects.requireNonNull(joinPollInterval, "joinPollInterval");
    if (joinPollInterval.isNegative() || joinPollInterval.isZero()) {
      throw new IllegalArgumentException(
          "joinPollInterval must be positive, got " + joinPollInterval);
    }
  }

  public static ScheduleSettings defaults() {
    return new ScheduleSettings(Duration.ofSeconds(5));
  }
}
