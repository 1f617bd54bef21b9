package io.tapline.jobs.config;

import io.tapline.jobs.schedule.RecordingScheduler;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.context.SmartLifecycle;

/** Starts the Quartz scheduler once the context is up and stops it (waiting for jobs) on close. */
class QuartzLifecycle implements SmartLifecycle {
  private final Scheduler quartz;
  private final RecordingScheduler scheduler;
  private volatile boolean running;

  QuartzLifecycle(Scheduler quartz, RecordingScheduler scheduler) {
    this.quartz = quartz;
    this.scheduler = scheduler;
  }

  @Override
  public void start() {
    try {
      scheduler.registerJobs();
      scheduler.restoreMissingTriggers();
      quartz.start();
      running = true;
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not start the Quartz scheduler", e);
    }
  }

  @Override
  public void stop() {
    try {
      quartz.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not stop the Quartz scheduler", e);
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
