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

  private SchedulerNode node(Duration joinPoll) {
    JobsDatabaseSettings db =
        new JobsDatabaseSettings("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "", 3);
    return new SchedulerNode(
        db, QUARTZ, new ScheduleSettings(joinPoll), conversations, finalized::add, events::add);
  }

  private static SchedulePlan plan(
      String conversation, Instant start, Duration length, Duration window) {
    return new SchedulePlan(
        "app-1",
        conversation,
        new ScheduleStart.At(start),
        new ScheduleStop.After(length),
        window,
        Duration.ofSeconds(10));
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

      await(Duration.ofSeconds(12), () -> state(node, schedule) == Occurrence.State.FINALIZING);

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

      await(Duration.ofSeconds(10), () -> finalizedOccurrences(node, schedule).size() >= 2);
      node.scheduler.cancel(schedule.id());
      int atCancel = node.scheduler.occurrences(schedule.id()).size();

      List<Occurrence> done = finalizedOccurrences(node, schedule);
      Occurrence first = done.get(0);
      Occurrence second = done.get(1);
      assertEquals(
          Duration.ofSeconds(2), Duration.between(first.plannedStart(), second.plannedStart()));
      assertTrue(finalized.containsAll(List.of(first.recordingId(), second.recordingId())));
      assertEquals(
          RecordingSchedule.Status.CANCELLED,
          node.scheduler.find(schedule.id()).orElseThrow().status());
      Thread.sleep(2500);
      assertEquals(atCancel, node.scheduler.occurrences(schedule.id()).size());
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
      RecordingSchedule schedule =
          node.scheduler.create(
              plan("conv-late", plannedStart, Duration.ofSeconds(30), Duration.ofSeconds(30)));
      String recordingId = Occurrence.recordingIdFor(schedule.id(), plannedStart);

      await(Duration.ofSeconds(5), () -> conversations.startCalls().size() >= 2);
      assertTrue(conversations.recordings().isEmpty());
      Instant joined = Instant.now();
      conversations.goLive("conv-late");
      await(Duration.ofSeconds(5), () -> state(node, schedule) == Occurrence.State.RECORDING);

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
      plannedStart = inFuture(Duration.ofMillis(800));
      inside =
          down.scheduler.create(
              plan("conv-a", plannedStart, Duration.ofMinutes(5), Duration.ofSeconds(60)));
      outside =
          down.scheduler.create(
              plan("conv-b", plannedStart, Duration.ofMinutes(5), Duration.ofMillis(500)));
    }
    Thread.sleep(Duration.between(Instant.now(), plannedStart.plusMillis(1500)).toMillis());

    try (SchedulerNode up = node(Duration.ofMillis(200)).start()) {
      await(
          Duration.ofSeconds(8),
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
      await(Duration.ofSeconds(3), () -> !events.isEmpty());
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
    try (SchedulerNode node = node(Duration.ofMillis(200)).start()) {
      cancelled =
          node.scheduler.create(
              plan(
                  "conv-c",
                  inFuture(Duration.ofSeconds(2)),
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
      await(Duration.ofSeconds(6), () -> conversations.recordings().contains(recordingId));
      Thread.sleep(1500); // past the cancelled schedule's old start time
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
