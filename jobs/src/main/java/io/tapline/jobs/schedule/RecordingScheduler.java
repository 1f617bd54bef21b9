package io.tapline.jobs.schedule;

import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists, reschedules and cancels recording schedules: the public face of scheduling. The
 * plan is stored in {@link ScheduleStore}, the timing in Quartz triggers.
 */
public final class RecordingScheduler {
  private static final Logger log = LoggerFactory.getLogger(RecordingScheduler.class);

  private final Scheduler quartz;
  private final ScheduleStore schedules;
  private final OccurrenceStore occurrences;
  private final Clock clock;

  public RecordingScheduler(
      Scheduler quartz, ScheduleStore schedules, OccurrenceStore occurrences, Clock clock) {
    this.quartz = quartz;
    this.schedules = schedules;
    this.occurrences = occurrences;
    this.clock = clock;
  }

  /** Stores the two durable jobs every trigger points at. Idempotent; call at start-up. */
  public void registerJobs() {
    try {
      quartz.addJob(ScheduleTriggers.startJob(), true);
      quartz.addJob(ScheduleTriggers.stopJob(), true);
    } catch (SchedulerException e) {
      throw new SchedulingException("could not register the schedule jobs", e);
    }
  }

  /**
   * Gives back its planned-start trigger to every active schedule that has none and has not fired:
   * the plan is stored before its trigger, so a crash in between (or a start job that failed before
   * recording anything) leaves a plan without a trigger. Call at start-up, before starting Quartz.
   * Returns how many triggers were restored.
   */
  public int restoreMissingTriggers() {
    Instant now = clock.instant();
    int restored = 0;
    for (RecordingSchedule schedule : schedules.list()) {
      if (schedule.status() != RecordingSchedule.Status.ACTIVE) {
        continue;
      }
      String id = schedule.id();
      try {
        if (quartz.checkExists(ScheduleTriggers.plannedStartKey(id))) {
          continue;
        }
        if (schedule.plan().start() instanceof ScheduleStart.At at
            && occurrences.find(id, at.instant()).isPresent()) {
          // It fired; only the status update was lost.
          schedules.completeIfActive(id, now);
          continue;
        }
        quartz.scheduleJob(ScheduleTriggers.plannedStart(id, schedule.plan(), now));
        restored++;
        log.warn("schedule {} had no start trigger; restored it", id);
      } catch (ObjectAlreadyExistsException e) {
        // Another node restored it first.
      } catch (SchedulerException e) {
        throw new SchedulingException("could not restore the trigger of " + id, e);
      }
    }
    return restored;
  }

  /**
   * @throws IllegalArgumentException if a one-off start is already further in the past than its
   *     misfire window, or a cron expression never fires
   */
  public RecordingSchedule create(SchedulePlan plan) {
    Instant now = clock.instant();
    requireNotExpired(plan, now);
    RecordingSchedule schedule =
        new RecordingSchedule(
            "sch-" + UUID.randomUUID(), plan, RecordingSchedule.Status.ACTIVE, now);
    schedules.insert(schedule);
    try {
      quartz.scheduleJob(ScheduleTriggers.plannedStart(schedule.id(), plan, now));
    } catch (SchedulerException | RuntimeException e) {
      schedules.delete(schedule.id());
      throw failure("could not schedule " + schedule.id(), e);
    }
    log.info("schedule {} created for conversation {}", schedule.id(), plan.conversationId());
    return schedule;
  }

  public Optional<RecordingSchedule> find(String id) {
    return schedules.find(id);
  }

  public List<RecordingSchedule> list() {
    return schedules.list();
  }

  /** A page of an application's schedules (optionally of one conversation), newest first. */
  public Page<RecordingSchedule> list(String applicationId, String conversationId, PageRequest page) {
    return schedules.page(applicationId, conversationId, page);
  }

  /** What each planned start of a schedule became so far. */
  public List<Occurrence> occurrences(String id) {
    return occurrences.list(id);
  }

  /** The next planned start, if any is left. */
  public Optional<Instant> nextStart(String id) {
    try {
      Trigger trigger = quartz.getTrigger(ScheduleTriggers.plannedStartKey(id));
      return Optional.ofNullable(trigger)
          .map(Trigger::getNextFireTime)
          .map(java.util.Date::toInstant);
    } catch (SchedulerException e) {
      throw new SchedulingException("could not read the trigger of " + id, e);
    }
  }

  /**
   * Replaces the plan of a schedule that is not cancelled; a completed one-off becomes active
   * again. Occurrences already started keep their stop time.
   */
  public RecordingSchedule reschedule(String id, SchedulePlan plan) {
    RecordingSchedule current =
        schedules.find(id).orElseThrow(() -> new ScheduleNotFoundException(id));
    if (current.status() == RecordingSchedule.Status.CANCELLED) {
      throw new IllegalStateException("schedule " + id + " is cancelled; create a new one");
    }
    Instant now = clock.instant();
    requireNotExpired(plan, now);
    Trigger trigger = ScheduleTriggers.plannedStart(id, plan, now);
    schedules.updatePlan(id, plan, RecordingSchedule.Status.ACTIVE, now);
    try {
      if (quartz.rescheduleJob(trigger.getKey(), trigger) == null) {
        // The old one-off trigger has fired and Quartz deleted it.
        quartz.scheduleJob(trigger);
      }
    } catch (SchedulerException | RuntimeException e) {
      throw failure("could not reschedule " + id, e);
    }
    log.info("schedule {} rescheduled", id);
    return new RecordingSchedule(id, plan, RecordingSchedule.Status.ACTIVE, current.createdAt());
  }

  /**
   * Removes every future start of a schedule (and pending start attempts). A recording already
   * running keeps its stop trigger, so it ends and is finalized as planned.
   */
  public RecordingSchedule cancel(String id) {
    RecordingSchedule current =
        schedules.find(id).orElseThrow(() -> new ScheduleNotFoundException(id));
    Instant now = clock.instant();
    schedules.updateStatus(id, RecordingSchedule.Status.CANCELLED, now);
    try {
      Set<TriggerKey> starts =
          quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(ScheduleTriggers.startGroup(id)));
      quartz.unscheduleJobs(List.copyOf(starts));
    } catch (SchedulerException e) {
      throw new SchedulingException("could not remove the triggers of " + id, e);
    }
    log.info("schedule {} cancelled", id);
    return new RecordingSchedule(
        id, current.plan(), RecordingSchedule.Status.CANCELLED, current.createdAt());
  }

  private static void requireNotExpired(SchedulePlan plan, Instant now) {
    if (plan.start() instanceof ScheduleStart.At at
        && at.instant().plus(plan.misfireWindow()).isBefore(now)) {
      throw new IllegalArgumentException(
          "start time "
              + at.instant()
              + " is past, beyond the misfire window of "
              + plan.misfireWindow());
    }
  }

  private static RuntimeException failure(String message, Exception e) {
    if (e instanceof IllegalArgumentException iae) {
      return iae;
    }
    if (e instanceof SchedulerException se) {
      // Quartz says "will never fire" for a cron expression with no future match: the caller's
      // error.
      if (se.getMessage() != null && se.getMessage().contains("will never fire")) {
        return new IllegalArgumentException(
            "the schedule would never start: " + se.getMessage(), se);
      }
      return new SchedulingException(message, se);
    }
    return (RuntimeException) e;
  }
}
