package io.tapline.jobs.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger;
import org.quartz.spi.OperableTrigger;

class ScheduleTriggersTest {
  private static final Instant NOW = Instant.parse("2026-03-27T12:00:00Z");

  private static SchedulePlan plan(ScheduleStart start, ScheduleStop stop) {
    return new SchedulePlan(
        "app", "conv", start, stop, Duration.ofMinutes(5), Duration.ofMinutes(2));
  }

  @Test
  void aOneOffFiresOnceAtItsStartAndIgnoresQuartzMisfirePolicy() {
    Instant start = NOW.plusSeconds(90);
    OperableTrigger trigger =
        (OperableTrigger)
            ScheduleTriggers.plannedStart(
                "s1",
                plan(new ScheduleStart.At(start), new ScheduleStop.After(Duration.ofHours(1))),
                NOW);
    assertEquals(
        Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY, trigger.getMisfireInstruction());
    assertEquals(ScheduleTriggers.START_JOB, trigger.getJobKey());
    assertEquals("start:s1", trigger.getKey().getGroup());
    assertEquals("s1", trigger.getJobDataMap().getString("scheduleId"));
    assertEquals(Date.from(start), trigger.computeFirstFireTime(null));
    assertEquals(null, trigger.getFireTimeAfter(Date.from(start)));
  }

  @Test
  void aCronStartFollowsItsTimeZoneAcrossDaylightSaving() {
    // Paris moves to summer time on 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after.
    OperableTrigger trigger =
        (OperableTrigger)
            ScheduleTriggers.plannedStart(
                "s2",
                plan(
                    new ScheduleStart.Cron("0 0 9 ? * *", ZoneId.of("Europe/Paris")),
                    new ScheduleStop.After(Duration.ofMinutes(30))),
                NOW);
    assertEquals(
        Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY, trigger.getMisfireInstruction());
    Date first = trigger.computeFirstFireTime(null);
    assertEquals(Instant.parse("2026-03-28T08:00:00Z"), first.toInstant());
    assertEquals(
        Instant.parse("2026-03-29T07:00:00Z"), trigger.getFireTimeAfter(first).toInstant());
  }

  @Test
  void followUpsCarryThePlannedStartTheyBelongTo() {
    Instant planned = NOW;
    Trigger stop = ScheduleTriggers.stop("s3", planned, NOW.plusSeconds(3600));
    Trigger retry = ScheduleTriggers.startRetry("s3", planned, NOW.plusSeconds(5));
    assertEquals(ScheduleTriggers.STOP_JOB, stop.getJobKey());
    assertEquals("stop:s3", stop.getKey().getGroup());
    assertEquals(planned.toEpochMilli(), stop.getJobDataMap().getLong("plannedStart"));
    assertEquals(ScheduleTriggers.START_JOB, retry.getJobKey());
    assertEquals("start:s3", retry.getKey().getGroup());
    assertEquals(planned.toEpochMilli(), retry.getJobDataMap().getLong("plannedStart"));
    assertEquals(Date.from(NOW.plusSeconds(5)), retry.getStartTime());
  }

  @Test
  void plansRejectWhatCannotWork() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            plan(
                new ScheduleStart.Cron("0 0 9 ? * *", ZoneId.of("UTC")), new ScheduleStop.At(NOW)));
    assertThrows(
        IllegalArgumentException.class,
        () -> plan(new ScheduleStart.At(NOW), new ScheduleStop.At(NOW)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScheduleStart.Cron("every day", ZoneId.of("UTC")));
    assertThrows(IllegalArgumentException.class, () -> new ScheduleStop.After(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SchedulePlan(
                "app",
                "conv",
                new ScheduleStart.At(NOW),
                new ScheduleStop.After(Duration.ofMinutes(1)),
                Duration.ofSeconds(-1),
                Duration.ZERO));
    assertEquals(
        NOW.plusSeconds(60), new ScheduleStop.After(Duration.ofMinutes(1)).stopTimeFor(NOW));
  }
}
