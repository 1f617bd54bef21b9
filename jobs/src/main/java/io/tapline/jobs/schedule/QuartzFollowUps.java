package io.tapline.jobs.schedule;

import java.time.Instant;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

/** {@link FollowUps} as persistent Quartz triggers, so a restart keeps them. */
public final class QuartzFollowUps implements FollowUps {
  private final Scheduler scheduler;

  public QuartzFollowUps(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void scheduleStop(String scheduleId, Instant plannedStart, Instant at) {
    add(ScheduleTriggers.stop(scheduleId, plannedStart, at));
  }

  @Override
  public void scheduleStartRetry(String scheduleId, Instant plannedStart, Instant at) {
    add(ScheduleTriggers.startRetry(scheduleId, plannedStart, at));
  }

  private void add(Trigger trigger) {
    try {
      scheduler.scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException e) {
      // A re-run of the job asked for the trigger it had already set: nothing to do.
    } catch (SchedulerException e) {
      throw new SchedulingException("could not schedule " + trigger.getKey(), e);
    }
  }
}
