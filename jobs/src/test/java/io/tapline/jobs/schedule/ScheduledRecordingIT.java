package io.tapline.jobs.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Quartz on the default H2 file job store, restarted between steps like a service. */
class ScheduledRecordingIT {
  private static final QuartzSettings QUARTZ =
      new QuartzSettings(
          "tapline-it",
          "AUTO",
          false,
          4,
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1));

  @TempDir Path dir;
  private final FakeConversations conversations = new FakeConversations();
  private final List<String> finalized = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  /**
   * How long a wait for the scheduler may take before the test fails. Only a failing test waits
   * this long; a loaded CI machine can take several seconds for what takes one here.
   */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SchedulerNode node(Duration joinPoll) {
    JobsDatabaseSettings db =
        new JobsDatabaseSettings("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "", 3);
    return new SchedulerNode(
        db, QUARTZ, new ScheduleSettings(joinPoll), conversations, finalized::add, events::add);
  }

  private static SchedulePlan plan(
      String conversation, Instant start, Duration length, Duration window) {
    return plan(conversation, start, length, window, Duration.ofSeconds(10));
  }

  private static SchedulePlan plan(
      String conversation, Instant start, Duration length, Duration window, Duration joinGrace) {
    return new SchedulePlan(
        "app-1",
        conversation,
        new ScheduleStart.At(start),
        new ScheduleStop.After(length),
        window,
        joinGrace);
  }

  /** Sleeps until {@code instant} has passed by {@code margin}, however long the steps before took. */
  private static void sleepPast(Instant instant, Duration margin) throws InterruptedException {
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), instant.plus(margin)).toMillis()));
  }

  /** Planned starts are whole milliseconds (Quartz's resolution). */
  private static Instant inFuture(Duration d) {
    return Instant.now().plus(d).truncatedTo(ChronoUnit.MILLIS);
  }

  @Test
  void aScheduleThreeSecondsAheadStartsAndStopsARecordingOfALiveConversation() throws Exception {
    conversations.goLive("conv-live");
    try (SchedulerNode node = node(Duration.ofMillis(200)).start()) {
      Instant plannedStart = inFuture(Duration.ofSeconds(3));
      RecordingSchedule schedule =
          node.scheduler.create(
              plan("conv-live", plannedStart, Duration.ofSeconds(2), Duration.ofSeconds(30)));
      assertEquals(plannedStart, node.scheduler.nextStart(schedule.id()).orElseThrow());
      String recordingId = Occurrence.recordingIdFor(schedule.id(), plannedStart);

      await(WAIT, () -> state(node, schedule) == Occurrence.State.FINALIZING);

      Instant started = conversations.startedAt(recordingId);
      Instant stopped = conversations.stoppedAt(recordingId);
      assertNotNull(started);
      assertFalse(started.isBefore(plannedStart), "started " + started + " before " + plannedStart);
      assertTrue(started.isBefore(plannedStart.plusSeconds(3)), "started late: " + started);
      assertFalse(stopped.isBefore(plannedStart.plusSeconds(2)), "stopped early: " + stopped);
      assertEquals(List.of(recordingId), conversations.recordings());
      assertEquals(List.of(recordingId), finalized);
      assertEquals(
          RecordingSchedule.Status.COMPLETED,
          node.scheduler.find(schedule.id()).orElseThrow().status());
      assertTrue(node.scheduler.nextStart(schedule.id()).isEmpty());
    }
  }

  @Test
  void aCronScheduleRecordsEveryOccurrenceUntilCancelled() throws Exception {
    conversations.goLive("conv-standing");
    try (SchedulerNode node = node(Duration.ofMillis(200)).start()) {
      SchedulePlan everyTwoSeconds =
          new SchedulePlan(
              "app-1",
              "conv-standing",
              new ScheduleStart.Cron("*/2 * * * * ?", ZoneId.of("Europe/Paris")),
              new ScheduleStop.After(Duration.ofSeconds(1)),
              Duration.ofSeconds(30),
              Duration.ofSeconds(10));
      RecordingSchedule schedule = node.scheduler.create(everyTwoSeconds);

      await(WAIT, () -> finalizedOccurrences(node, schedule).size() >= 2);
      // An occurrence whose firing had begun when cancel() ran may still be stored after it (the
      // next one is never more than 2 s away): cancelling removes the starts planned after it.
      Instant cancelledAt = Instant.now();
      node.scheduler.cancel(schedule.id());

      List<Occurrence> done = finalizedOccurrences(node, schedule);
      Occurrence first = done.get(0);
      Occurrence second = done.get(1);
      assertEquals(
          Duration.ofSeconds(2), Duration.between(first.plannedStart(), second.plannedStart()));
      assertTrue(finalized.containsAll(List.of(first.recordingId(), second.recordingId())));
      assertEquals(
          RecordingSchedule.Status.CANCELLED,
          node.scheduler.find(schedule.id()).orElseThrow().status());
      sleepPast(cancelledAt, Duration.ofMillis(2500)); // more than one period of the cron
      List<Occurrence> all = node.scheduler.occurrences(schedule.id());
      assertTrue(
          all.stream().noneMatch(o -> o.plannedStart().isAfter(cancelledAt)),
          "an occurrence planned after the cancel at " + cancelledAt + ": " + all);
    }
  }

  private static List<Occurrence> finalizedOccurrences(
      SchedulerNode node, RecordingSchedule schedule) {
    return node.scheduler.occurrences(schedule.id()).stream()
        .filter(o -> o.state() == Occurrence.State.FINALIZING)
        .toList();
  }

  @Test
  void waitsForAConversationNobodyHasJoinedYet() throws Exception {
    try (SchedulerNode node = node(Duration.ofMillis(300)).start()) {
      Instant plannedStart = inFuture(Duration.ofSeconds(1));
      // the join grace outlasts every wait below, so only a scheduler that gave up fails the test
      RecordingSchedule schedule =
          node.scheduler.create(
              plan(
                  "conv-late",
                  plannedStart,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(30),
                  WAIT.multipliedBy(3)));
      String recordingId = Occurrence.recordingIdFor(schedule.id(), plannedStart);

      await(WAIT, () -> conversations.startCalls().size() >= 2);
      assertTrue(conversations.recordings().isEmpty());
      Instant joined = Instant.now();
      conversations.goLive("conv-late");
      await(WAIT, () -> state(node, schedule) == Occurrence.State.RECORDING);

      assertEquals(List.of(recordingId), conversations.recordings());
      assertFalse(conversations.startedAt(recordingId).isBefore(joined));
      assertTrue(events.isEmpty());
    }
  }

  @Test
  void afterDowntimeAStartInsideItsWindowRunsLateAndOneOutsideIsMissedOnce() throws Exception {
    conversations.goLive("conv-a");
    conversations.goLive("conv-b");
    Instant plannedStart;
    RecordingSchedule inside;
    RecordingSchedule outside;
    // Created while no scheduler runs (standby), then the service stays down past the start.
    try (SchedulerNode down = node(Duration.ofMillis(200))) {
      // far enough ahead that both are created before it, even on a slow machine: a start already
      // past its 500 ms window would be refused by create() rather than missed
      plannedStart = inFuture(Duration.ofSeconds(2));
      inside =
          down.scheduler.create(
              plan("conv-a", plannedStart, Duration.ofMinutes(5), Duration.ofSeconds(60)));
      outside =
          down.scheduler.create(
              plan("conv-b", plannedStart, Duration.ofMinutes(5), Duration.ofMillis(500)));
    }
    sleepPast(plannedStart, Duration.ofMillis(1500));

    try (SchedulerNode up = node(Duration.ofMillis(200)).start()) {
      await(
          WAIT,
          () ->
              conversations.recordings().size() == 1
                  && !up.occurrences.list(outside.id()).isEmpty());
      assertEquals(
          List.of(Occurrence.recordingIdFor(inside.id(), plannedStart)),
          conversations.recordings());
      assertTrue(conversations.startCalls().stream().noneMatch(c -> c.startsWith("conv-b/")));
      Occurrence missed = up.occurrences.list(outside.id()).get(0);
      assertEquals(Occurrence.State.MISSED, missed.state());
      assertTrue(missed.detail().startsWith("misfire"), missed.detail());
      await(WAIT, () -> !events.isEmpty());
      assertEquals(1, events.size());
      assertEquals(EventType.SCHEDULE_MISSED, events.get(0).type());
      assertEquals(outside.id(), events.get(0).data().get("scheduleId"));
    }

    // Another restart: nothing fires a second time.
    try (SchedulerNode again = node(Duration.ofMillis(200)).start()) {
      Thread.sleep(1500);
      assertEquals(1, conversations.startCalls().size());
      assertEquals(1, events.size());
      assertEquals(1, again.occurrences.list(inside.id()).size());
    }
  }

  @Test
  void cancelAndRescheduleSurviveARestart() throws Exception {
    conversations.goLive("conv-c");
    RecordingSchedule cancelled;
    RecordingSchedule moved;
    Instant newStart;
    // far enough ahead that the cancel comes before it, even on a slow machine
    Instant cancelledStart = inFuture(Duration.ofSeconds(5));
    try (SchedulerNode node = node(Duration.ofMillis(200)).start()) {
      cancelled =
          node.scheduler.create(
              plan(
                  "conv-c",
                  cancelledStart,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(30)));
      moved =
          node.scheduler.create(
              plan(
                  "conv-c",
                  inFuture(Duration.ofHours(1)),
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(30)));
      node.scheduler.cancel(cancelled.id());
      assertTrue(node.scheduler.nextStart(cancelled.id()).isEmpty());
    }
    try (SchedulerNode node = node(Duration.ofMillis(200)).start()) {
      assertEquals(
          RecordingSchedule.Status.CANCELLED,
          node.scheduler.find(cancelled.id()).orElseThrow().status());
      newStart = inFuture(Duration.ofSeconds(1));
      node.scheduler.reschedule(
          moved.id(), plan("conv-c", newStart, Duration.ofSeconds(30), Duration.ofSeconds(30)));
      assertEquals(newStart, node.scheduler.nextStart(moved.id()).orElseThrow());
      String recordingId = Occurrence.recordingIdFor(moved.id(), newStart);
      await(WAIT, () -> conversations.recordings().contains(recordingId));
      sleepPast(cancelledStart, Duration.ofMillis(1500)); // past the cancelled schedule's old start
      assertEquals(List.of(recordingId), conversations.recordings());
      assertEquals(2, node.scheduler.list().size());
    }
  }

  private static Occurrence.State state(SchedulerNode node, RecordingSchedule schedule) {
    List<Occurrence> occurrences = node.scheduler.occurrences(schedule.id());
    return occurrences.isEmpty() ? null : occurrences.get(0).state();
  }

  private static void await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
