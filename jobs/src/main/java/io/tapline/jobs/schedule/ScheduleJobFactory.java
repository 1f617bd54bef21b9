package io.tapline.jobs.schedule;

import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Gives Quartz the schedule jobs with their collaborators (Quartz would call no-arg constructors).
 */
public final class ScheduleJobFactory implements JobFactory {
  private final OccurrenceRunner runner;

  public ScheduleJobFactory(OccurrenceRunner runner) {
    this.runner = runner;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type == StartRecordingJob.class) {
      return new StartRecordingJob(runner);
    }
    if (type == StopRecordingJob.class) {
      return new StopRecordingJob(runner);
    }
    throw new SchedulerException("no factory for job class " + type.getName());
  }
}
