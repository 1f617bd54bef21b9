package io.tapline.jobs.schedule;

import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.schedule.Occurrence.State;
import io.tapline.jobs.schedule.RecordingControl.StartResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a schedule's start or stop time comes. Called by the Quartz jobs; every step is
 * recorded in the occurrence before the next, so a job that runs again (re-fire, recovery after a
 * crash, retry) continues where the last run stopped and never starts or finalizes twice.
 */
public final class OccurrenceRunner {
  private static final Logger log = LoggerFactory.getLogger(OccurrenceRunner.class);

  private final ScheduleStore schedules;
  private final OccurrenceStore occurrences;
  private final RecordingControl control;
  private final FinalizeLauncher finalizer;
  private final EventPublisher events;
  private final FollowUps followUps;
  private final ScheduleSettings settings;
  private final Clock clock;

  public OccurrenceRunner(
      ScheduleStore schedules,
      OccurrenceStore occurrences,
      RecordingControl control,
      FinalizeLauncher finalizer,
      EventPublisher events,
      FollowUps followUps,
      ScheduleSettings settings,
      Clock clock) {
    this.schedules = schedules;
    this.occurrences = occurrences;
    this.control = control;
    this.finalizer = finalizer;
    this.events = events;
    this.followUps = followUps;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * A start trigger (planned or retry) fired for the occurrence planned at {@code plannedStart}.
   */
  public void start(String scheduleId, Instant plannedStart) {
    Optional<RecordingSchedule> found = schedules.find(scheduleId);
    if (found.isEmpty() || found.get().status() == RecordingSchedule.Status.CANCELLED) {
      log.info("schedule {} is gone or cancelled; not starting {}", scheduleId, plannedStart);
      return;
    }
    RecordingSchedule schedule = found.get();
    SchedulePlan plan = schedule.plan();
    Instant now = clock.instant();
    Occurrence occurrence = occurrences.find(scheduleId, plannedStart).orElse(null);
    if (occurrence == null) {
      Duration late = Duration.between(plannedStart, now);
      if (late.compareTo(plan.misfireWindow()) > 0) {
        miss(
            schedule,
            newOccurrence(scheduleId, plannedStart, State.MISSED, null),
            null,
            "misfire: fired "
                + late.toMillis()
                + " ms late, window "
                + plan.misfireWindow().toMillis()
                + " ms");
        return;
      }
      occurrence = newOccurrence(scheduleId, plannedStart, State.WAITING, null);
      if (!occurrences.insert(occurrence, now)) {
        log.info("occurrence {}@{} was taken by another run", scheduleId, plannedStart);
        return;
      }
    } else if (occurrence.state() != State.WAITING) {
      log.info(
          "occurrence {}@{} already {}; nothing to do",
          scheduleId,
          plannedStart,
          occurrence.state());
      return;
    }
    attemptStart(schedule, occurrence, now);
  }

  private void attemptStart(RecordingSchedule schedule, Occurrence occurrence, Instant now) {
    SchedulePlan plan = schedule.plan();
    Instant plannedStart = occurrence.plannedStart();
    Instant stopAt = plan.stop().stopTimeFor(plannedStart);
    if (!now.isBefore(stopAt)) {
      miss(
          schedule,
          occurrence,
          State.WAITING,
          "stop time " + stopAt + " passed before the recording could start");
      return;
    }
    String notStartedReason;
    try {
      StartResult result = control.start(plan.conversationId(), occurrence.recordingId());
      if (result instanceof StartResult.Started started) {
        // The stop trigger first: if we crash before the state change, the re-run sets it again
        // (no-op).
        followUps.scheduleStop(schedule.id(), plannedStart, stopAt);
        occurrences.transition(
            State.WAITING,
            occurrence.withState(State.RECORDING, "recording " + started.recordingId()),
            now);
        completeIfOneOff(schedule, now);
        log.info(
            "schedule {}: recording {} of conversation {} until {}",
            schedule.id(),
            started.recordingId(),
            plan.conversationId(),
            stopAt);
        return;
      }
      notStartedReason =
          "conversation did not begin within the join grace of "
              + plan.joinGrace().toMillis()
              + " ms";
    } catch (RuntimeException e) {
      // The controller is unreachable or refused: try again like for a conversation not live yet.
      log.warn(
          "schedule {}: starting conversation {} failed, will retry within the join grace",
          schedule.id(),
          plan.conversationId(),
          e);
      notStartedReason = "recording could not be started: " + e.getMessage();
    }
    Instant deadline = earliest(plannedStart.plus(plan.joinGrace()), stopAt);
    if (now.isBefore(deadline)) {
      Instant next = earliest(now.plus(settings.joinPollInterval()), deadline);
      followUps.scheduleStartRetry(schedule.id(), plannedStart, next);
      log.debug(
          "schedule {}: conversation {} not live yet, next attempt at {}",
          schedule.id(),
          plan.conversationId(),
          next);
    } else {
      miss(schedule, occurrence, State.WAITING, notStartedReason);
    }
  }

  /** The stop trigger of an occurrence fired. */
  public void stop(String scheduleId, Instant plannedStart) {
    Optional<Occurrence> found = occurrences.find(scheduleId, plannedStart);
    if (found.isEmpty()) {
      log.warn("no occurrence {}@{} to stop", scheduleId, plannedStart);
      return;
    }
    Occurrence occurrence = found.get();
    Instant now = clock.instant();
    if (occurrence.state() == State.RECORDING) {
      control.stop(occurrence.recordingId());
      occurrences.transition(State.RECORDING, occurrence.withState(State.STOPPED, null), now);
      occurrence = occurrence.withState(State.STOPPED, null);
      log.info("schedule {}: stopped recording {}", scheduleId, occurrence.recordingId());
    }
    if (occurrence.state() == State.STOPPED) {
      finalizer.launch(occurrence.recordingId());
      occurrences.transition(State.STOPPED, occurrence.withState(State.FINALIZING, null), now);
      log.info(
          "schedule {}: finalize launched for recording {}", scheduleId, occurrence.recordingId());
    } else {
      log.info(
          "occurrence {}@{} already {}; nothing to stop",
          scheduleId,
          plannedStart,
          occurrence.state());
    }
  }

  private void miss(RecordingSchedule schedule, Occurrence occurrence, State from, String reason) {
    Instant now = clock.instant();
    // Published before the state change, under an id derived from the occurrence: a re-run after a
    // crash in between publishes the same event again, which the outbox enqueues only once.
    events.publish(missedEvent(schedule, occurrence.plannedStart(), reason, now));
    Occurrence missed = occurrence.withState(State.MISSED, reason);
    boolean recorded =
        from == null ? occurrences.insert(missed, now) : occurrences.transition(from, missed, now);
    if (recorded) {
      log.warn(
          "schedule {}: occurrence planned at {} missed: {}",
          schedule.id(),
          occurrence.plannedStart(),
          reason);
      completeIfOneOff(schedule, now);
    }
  }

  private static Event missedEvent(
      RecordingSchedule schedule, Instant plannedStart, String reason, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("scheduleId", schedule.id());
    data.put("conversationId", schedule.plan().conversationId());
    data.put("plannedStart", plannedStart.toString());
    data.put("reason", reason);
    String id =
        UUID.nameUUIDFromBytes(
                ("schedule.missed:" + schedule.id() + "@" + plannedStart.toEpochMilli())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return new Event(id, EventType.SCHEDULE_MISSED, schedule.plan().applicationId(), now, data);
  }

  private void completeIfOneOff(RecordingSchedule schedule, Instant now) {
    if (schedule.plan().start() instanceof ScheduleStart.At) {
      schedules.completeIfActive(schedule.id(), now);
    }
  }

  private static Occurrence newOccurrence(
      String scheduleId, Instant plannedStart, State state, String detail) {
    return new Occurrence(
        scheduleId,
        plannedStart,
        Occurrence.recordingIdFor(scheduleId, plannedStart),
        state,
        detail);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
