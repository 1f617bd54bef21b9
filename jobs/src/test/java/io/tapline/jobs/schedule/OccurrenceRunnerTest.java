package io.tapline.jobs.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.TestDatabases;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.schedule.Occurrence.State;
import io.tapline.jobs.schedule.RecordingFollowUps.FollowUp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OccurrenceRunnerTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Duration POLL = Duration.ofSeconds(5);

  private HikariDataSource db;
  private ScheduleStore schedules;
  private OccurrenceStore occurrences;
  private final FakeConversations conversations = new FakeConversations();
  private final List<String> finalized = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final RecordingFollowUps followUps = new RecordingFollowUps();
  private final MutableClock clock = new MutableClock(T0);
  private OccurrenceRunner runner;

  @BeforeEach
  void setUp() {
    db = TestDatabases.h2InMemory();
    schedules = new ScheduleStore(db);
    occurrences = new OccurrenceStore(db);
    runner =
        new OccurrenceRunner(
            schedules,
            occurrences,
            conversations,
            finalized::add,
            events::add,
            followUps,
            new ScheduleSettings(POLL),
            clock);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private RecordingSchedule store(ScheduleStart start, ScheduleStop stop) {
    SchedulePlan plan =
        new SchedulePlan(
            "app-1", "conv-1", start, stop, Duration.ofMinutes(2), Duration.ofMinutes(1));
    RecordingSchedule schedule =
        new RecordingSchedule(
            "sch-1", plan, RecordingSchedule.Status.ACTIVE, T0.minusSeconds(3600));
    schedules.insert(schedule);
    return schedule;
  }

  private RecordingSchedule oneOff() {
    return store(new ScheduleStart.At(T0), new ScheduleStop.After(Duration.ofMinutes(30)));
  }

  private State state(Instant plannedStart) {
    return occurrences.find("sch-1", plannedStart).orElseThrow().state();
  }

  @Test
  void startsOnTimeAndSetsTheStopAtThePlannedEnd() {
    oneOff();
    conversations.goLive("conv-1");
    runner.start("sch-1", T0);

    String recordingId = Occurrence.recordingIdFor("sch-1", T0);
    assertEquals(List.of(recordingId), conversations.recordings());
    assertEquals(State.RECORDING, state(T0));
    assertEquals(
        List.of(new FollowUp("stop", "sch-1", T0, T0.plus(Duration.ofMinutes(30)))),
        followUps.requested);
    assertEquals(
        RecordingSchedule.Status.COMPLETED, schedules.find("sch-1").orElseThrow().status());
    assertTrue(events.isEmpty());
  }

  @Test
  void aSecondFiringOfTheSameStartDoesNothing() {
    oneOff();
    conversations.goLive("conv-1");
    runner.start("sch-1", T0);
    runner.start("sch-1", T0);
    assertEquals(1, conversations.startCalls().size());
    assertEquals(1, followUps.requested.size());
  }

  @Test
  void waitsForTheConversationWithinTheJoinGrace() {
    oneOff();
    runner.start("sch-1", T0);
    assertEquals(State.WAITING, state(T0));
    assertEquals(List.of(new FollowUp("retry", "sch-1", T0, T0.plus(POLL))), followUps.requested);

    clock.advance(POLL);
    conversations.goLive("conv-1");
    runner.start("sch-1", T0);
    assertEquals(State.RECORDING, state(T0));
    // Both attempts asked for the same recording.
    assertEquals(1, conversations.startCalls().stream().distinct().count());
    assertEquals(2, conversations.startCalls().size());
  }

  @Test
  void lastAttemptIsAtTheEndOfTheGraceThenMissed() {
    oneOff();
    clock.set(T0.plusSeconds(58));
    runner.start("sch-1", T0);
    assertEquals(
        new FollowUp("retry", "sch-1", T0, T0.plusSeconds(60)), followUps.requested.get(0));

    clock.set(T0.plusSeconds(60));
    runner.start("sch-1", T0);
    assertEquals(State.MISSED, state(T0));
    assertEquals(1, events.size());
    Event missed = events.get(0);
    assertEquals(EventType.SCHEDULE_MISSED, missed.type());
    assertEquals("app-1", missed.applicationId());
    assertTrue(
        missed.data().get("reason").toString().contains("did not begin"), missed.data().toString());
    assertEquals(1, followUps.requested.size());
  }

  @Test
  void lateInsideTheMisfireWindowStillStarts() {
    oneOff();
    conversations.goLive("conv-1");
    clock.set(T0.plusSeconds(90));
    runner.start("sch-1", T0);
    assertEquals(State.RECORDING, state(T0));
    assertTrue(events.isEmpty());
  }

  @Test
  void lateBeyondTheMisfireWindowIsMissedWithAnEventOnce() {
    oneOff();
    conversations.goLive("conv-1");
    clock.set(T0.plusSeconds(121));
    runner.start("sch-1", T0);
    runner.start("sch-1", T0);

    assertTrue(conversations.startCalls().isEmpty());
    assertEquals(State.MISSED, state(T0));
    assertTrue(occurrences.find("sch-1", T0).orElseThrow().detail().startsWith("misfire"));
    assertEquals(1, events.size());
    assertEquals("sch-1", events.get(0).data().get("scheduleId"));
    assertEquals(T0.toString(), events.get(0).data().get("plannedStart"));
    assertEquals(
        RecordingSchedule.Status.COMPLETED, schedules.find("sch-1").orElseThrow().status());
  }

  @Test
  void aFailingControllerIsRetriedLikeAConversationNotLive() {
    oneOff();
    conversations.failWith(new IllegalStateException("SFU unreachable " + "x".repeat(2000)));
    runner.start("sch-1", T0);
    assertEquals(State.WAITING, state(T0));
    assertEquals("retry", followUps.requested.get(0).kind());

    // Still failing at the end of the grace: missed, with the (bounded) reason.
    clock.set(T0.plusSeconds(60));
    runner.start("sch-1", T0);
    Occurrence missed = occurrences.find("sch-1", T0).orElseThrow();
    assertEquals(State.MISSED, missed.state());
    assertTrue(missed.detail().startsWith("recording could not be started: SFU unreachable"));
    assertEquals(500, missed.detail().length());
    assertEquals(1, events.size());
  }

  @Test
  void stopStopsThenFinalizesOnce() {
    oneOff();
    conversations.goLive("conv-1");
    runner.start("sch-1", T0);
    clock.set(T0.plus(Duration.ofMinutes(30)));
    runner.stop("sch-1", T0);
    runner.stop("sch-1", T0);

    String recordingId = Occurrence.recordingIdFor("sch-1", T0);
    assertEquals(List.of(recordingId), conversations.stopped());
    assertEquals(List.of(recordingId), finalized);
    assertEquals(State.FINALIZING, state(T0));
  }

  @Test
  void cronOccurrencesAreIndependentAndTheScheduleStaysActive() {
    store(
        new ScheduleStart.Cron("0 0 9 ? * MON-FRI", java.time.ZoneId.of("Europe/Paris")),
        new ScheduleStop.After(Duration.ofMinutes(45)));
    conversations.goLive("conv-1");
    runner.start("sch-1", T0);
    clock.set(T0.plus(Duration.ofDays(1)));
    runner.start("sch-1", T0.plus(Duration.ofDays(1)));

    assertEquals(2, conversations.recordings().size());
    assertEquals(2, occurrences.list("sch-1").size());
    assertEquals(RecordingSchedule.Status.ACTIVE, schedules.find("sch-1").orElseThrow().status());
  }

  @Test
  void aCancelledScheduleDoesNotStart() {
    oneOff();
    conversations.goLive("conv-1");
    schedules.updateStatus("sch-1", RecordingSchedule.Status.CANCELLED, T0);
    runner.start("sch-1", T0);
    assertTrue(conversations.startCalls().isEmpty());
    assertTrue(occurrences.list("sch-1").isEmpty());
  }
}
