package io.tapline.jobs.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The Quartz jobs and triggers of recording schedules. Two durable jobs serve every schedule; each
 * trigger carries its schedule id (and, for follow-ups, the planned start it belongs to). Trigger
 * groups are per schedule so that cancelling finds a schedule's start triggers by group.
 *
 * <p>Every trigger ignores Quartz's misfire policy: a trigger missed while no scheduler ran fires
 * once when one is back, with its original scheduled time, and {@link OccurrenceRunner} decides
 * from that time whether it is still inside the schedule's misfire window.
 */
public final class ScheduleTriggers {
  public static final JobKey START_JOB = JobKey.jobKey("start-recording", "tapline");
  public static final JobKey STOP_JOB = JobKey.jobKey("stop-recording", "tapline");
  static final String SCHEDULE_ID = "scheduleId";
  static final String PLANNED_START = "plannedStart";
  private static final String PLANNED_TRIGGER = "planned";

  private ScheduleTriggers() {}

  public static JobDetail startJob() {
    return JobBuilder.newJob(StartRecordingJob.class)
        .withIdentity(START_JOB)
        .withDescription("starts the recording of a scheduled conversation")
        .storeDurably()
        .requestRecovery()
        .build();
  }

  public static JobDetail stopJob() {
    return JobBuilder.newJob(StopRecordingJob.class)
        .withIdentity(STOP_JOB)
        .withDescription("stops a scheduled recording and launches its finalize job")
        .storeDurably()
        .requestRecovery()
        .build();
  }

  public static String startGroup(String scheduleId) {
    return "start:" + scheduleId;
  }

  public static String stopGroup(String scheduleId) {
    return "stop:" + scheduleId;
  }

  public static TriggerKey plannedStartKey(String scheduleId) {
    return TriggerKey.triggerKey(PLANNED_TRIGGER, startGroup(scheduleId));
  }

  /** The trigger of a schedule's planned starts (one-off or cron). */
  public static Trigger plannedStart(String scheduleId, SchedulePlan plan, Instant now) {
    ScheduleBuilder<? extends Trigger> timing;
    Instant firstPossible;
    if (plan.start() instanceof ScheduleStart.At at) {
      timing =
          SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires();
      firstPossible = at.instant();
    } else {
      ScheduleStart.Cron cron = (ScheduleStart.Cron) plan.start();
      timing =
          CronScheduleBuilder.cronSchedule(cron.expression())
              .inTimeZone(TimeZone.getTimeZone(cron.zone()))
              .withMisfireHandlingInstructionIgnoreMisfires();
      firstPossible = now;
    }
    return TriggerBuilder.newTrigger()
        .withIdentity(plannedStartKey(scheduleId))
        .forJob(START_JOB)
        .usingJobData(SCHEDULE_ID, scheduleId)
        .startAt(Date.from(firstPossible))
        .withSchedule(timing)
        .build();
  }

  /** Another start attempt for a planned start whose conversation had not begun. */
  public static Trigger startRetry(String scheduleId, Instant plannedStart, Instant at) {
    return oneShot(
        TriggerKey.triggerKey(
            "retry@" + plannedStart.toEpochMilli() + "@" + at.toEpochMilli(),
            startGroup(scheduleId)),
        START_JOB,
        scheduleId,
        plannedStart,
        at);
  }

  /** The stop of the recording of one planned start. */
  public static Trigger stop(String scheduleId, Instant plannedStart, Instant at) {
    return oneShot(
        TriggerKey.triggerKey("stop@" + plannedStart.toEpochMilli(), stopGroup(scheduleId)),
        STOP_JOB,
        scheduleId,
        plannedStart,
        at);
  }

  private static Trigger oneShot(
      TriggerKey key, JobKey job, String scheduleId, Instant plannedStart, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(key)
        .forJob(job)
        .usingJobData(SCHEDULE_ID, scheduleId)
        .usingJobData(PLANNED_START, plannedStart.toEpochMilli())
        .startAt(Date.from(at))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires())
        .build();
  }
}
