package io.tapline.jobs.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** When a scheduled recording stops: at an instant, or a duration after its planned start. */
public sealed interface ScheduleStop {

  /** The stop time of an occurrence planned to start at {@code occurrence}. */
  Instant stopTimeFor(Instant occurrence);

  record At(Instant instant) implements ScheduleStop {
    public At {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant stopTimeFor(Instant occurrence) {
      return instant;
    }
  }

  /**
   * Counted from the planned start, not from the actual one: a meeting planned 10:00-11:00 that
   * started late still ends at 11:00.
   */
  record After(Duration duration) implements ScheduleStop {
    public After {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive, got " + duration);
      }
    }

    @Override
    public Instant stopTimeFor(Instant occurrence) {
      return occurrence.plus(duration);
    }
  }
}
