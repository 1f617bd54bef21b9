package io.tapline.jobs.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Quartz adapter: a stop trigger fired. The work is in {@link OccurrenceRunner#stop}. */
public final class StopRecordingJob implements Job {
  private final OccurrenceRunner runner;

  public StopRecordingJob(OccurrenceRunner runner) {
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      runner.stop(StartRecordingJob.scheduleId(context), StartRecordingJob.plannedStart(context));
    } catch (RuntimeException e) {
      throw new JobExecutionException("stop of a scheduled recording failed", e, false);
    }
  }
}
