package io.tapline.jobs.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.quartz.CronExpression;

/**
 * When a scheduled recording starts: once at an instant, or on every match of a cron expression.
 */
public sealed interface ScheduleStart {

  /** A one-off start. */
  record At(Instant instant) implements ScheduleStart {
    public At {
      Objects.requireNonNull(instant, "instant");
    }
  }

  /**
   * A standing meeting. {@code expression} is a Quartz cron expression (seconds first, e.g. {@code
   * 0 0 9 ? * MON-FRI}) read in {@code zone}, so "9 o'clock" follows daylight saving time.
   */
  record Cron(String expression, ZoneId zone) implements ScheduleStart {
    public Cron {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(zone, "zone");
      if (!CronExpression.isValidExpression(expression)) {
        throw new IllegalArgumentException(
            "invalid cron expression '"
                + expression
                + "' (Quartz syntax: sec min hour day month weekday)");
      }
    }
  }
}
