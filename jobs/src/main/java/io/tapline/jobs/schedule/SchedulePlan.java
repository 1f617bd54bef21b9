package io.tapline.jobs.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * What to record and when: the part of a {@link RecordingSchedule} a caller chooses.
 *
 * @param misfireWindow how late a start may still happen (after downtime); later, the occurrence is
 *     marked missed and a {@code schedule.missed} event is emitted
 * @param joinGrace how long after the planned start to wait for the conversation to begin when
 *     nobody has joined yet
 */
public record SchedulePlan(
    String applicationId,
    String conversationId,
    ScheduleStart start,
    ScheduleStop stop,
    Duration misfireWindow,
    Duration joinGrace) {

  public SchedulePlan {
    requireText(applicationId, "applicationId");
    requireText(conversationId, "conversationId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(stop, "stop");
    requireNotNegative(misfireWindow, "misfireWindow");
    requireNotNegative(joinGrace, "joinGrace");
    if (start instanceof ScheduleStart.Cron && stop instanceof ScheduleStop.At) {
      throw new IllegalArgumentException(
          "a recurring (cron) schedule needs a stop duration, not a fixed stop time");
    }
    if (start instanceof ScheduleStart.At at
        && stop instanceof ScheduleStop.At until
        && !until.instant().isAfter(at.instant())) {
      throw new IllegalArgumentException(
          "stop time " + until.instant() + " must be after start time " + at.instant());
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
