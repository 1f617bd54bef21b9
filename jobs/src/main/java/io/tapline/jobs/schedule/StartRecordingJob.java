package io.tapline.jobs.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Quartz adapter: a start trigger fired. The work is in {@link OccurrenceRunner#start}. */
public final class StartRecordingJob implements Job {
  private final OccurrenceRunner runner;

  public StartRecordingJob(OccurrenceRunner runner) {
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      runner.start(scheduleId(context), plannedStart(context));
    } catch (RuntimeException e) {
      throw new JobExecutionException("start of a scheduled recording failed", e, false);
    }
  }

  static String scheduleId(JobExecutionContext context) {
    return context.getMergedJobDataMap().getString(ScheduleTriggers.SCHEDULE_ID);
  }

  /**
   * Follow-up triggers carry the planned start they belong to; a planned trigger's own scheduled
   * time is the planned start (Quartz keeps it for a late or recovered firing too).
   */
  static Instant plannedStart(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    if (data.containsKey(ScheduleTriggers.PLANNED_START)) {
      return Instant.ofEpochMilli(data.getLong(ScheduleTriggers.PLANNED_START));
    }
    return context.getScheduledFireTime().toInstant();
  }
}
