package io.tapline.jobs.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/** The schedule API against a Quartz JDBC store that is never started: nothing fires here. */
class RecordingSchedulerTest {
  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private HikariDataSource db;
  private Scheduler quartz;
  private ScheduleStore schedules;
  private OccurrenceStore occurrences;
  private RecordingScheduler scheduler;

  @BeforeEach
  void setUp() {
    String name = "sched-" + UUID.randomUUID();
    JobsDatabaseSettings settings =
        new JobsDatabaseSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    db = JobsDatabase.dataSource(settings);
    JobsDatabase.migrate(db, settings.vendor());
    quartz =
        QuartzSchedulerFactory.create(QuartzSettings.defaults().withSchedulerName(name), settings);
    schedules = new ScheduleStore(db);
    occurrences = new OccurrenceStore(db);
    scheduler = new RecordingScheduler(quartz, schedules, occurrences, clock);
    scheduler.registerJobs();
  }

  @AfterEach
  void tearDown() throws Exception {
    quartz.shutdown();
    db.close();
  }

  private SchedulePlan oneOff(Instant start) {
    return new SchedulePlan(
        "app-1",
        "conv-1",
        new ScheduleStart.At(start),
        new ScheduleStop.After(Duration.ofHours(1)),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2));
  }

  @Test
  void pagesAnApplicationsSchedulesInTheDatabaseNewestFirst() {
    Instant start = clock.instant().plus(Duration.ofHours(2));
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SchedulePlan p = oneOff(start.plusSeconds(i));
      String conversation = i % 2 == 0 ? "conv-even" : "conv-odd";
      ids.add(0, scheduler.create(new SchedulePlan(p.applicationId(), conversation, p.start(), p.stop(),
          p.misfireWindow(), p.joinGrace())).id());
      clock.advance(Duration.ofSeconds(1));
    }
    scheduler.create(new SchedulePlan("app-2", "conv-even", new ScheduleStart.At(start), new ScheduleStop.After(
        Duration.ofHours(1)), Duration.ofMinutes(5), Duration.ofMinutes(2)));
    io.tapline.storage.index.Page<RecordingSchedule> first =
        scheduler.list("app-1", null, new io.tapline.storage.index.PageRequest(0, 2));
    assertEquals(5, first.total());
    assertEquals(ids.subList(0, 2), first.items().stream().map(RecordingSchedule::id).toList());
    assertEquals(ids.subList(2, 4), scheduler.list("app-1", null, new io.tapline.storage.index.PageRequest(2, 2))
        .items().stream().map(RecordingSchedule::id).toList());
    assertEquals(ids.subList(4, 5), scheduler.list("app-1", null, new io.tapline.storage.index.PageRequest(4, 2))
        .items().stream().map(RecordingSchedule::id).toList());
    assertTrue(scheduler.list("app-1", null, new io.tapline.storage.index.PageRequest(9, 2)).items().isEmpty());
    io.tapline.storage.index.Page<RecordingSchedule> even =
        scheduler.list("app-1", "conv-even", new io.tapline.storage.index.PageRequest(0, 10));
    assertEquals(3, even.total());
    assertEquals(java.util.List.of(ids.get(0), ids.get(2), ids.get(4)),
        even.items().stream().map(RecordingSchedule::id).toList());
    assertEquals(1, scheduler.list("app-2", null, new io.tapline.storage.index.PageRequest(0, 10)).total());
  }

  @Test
  void createListRescheduleCancel() {
    Instant start = clock.instant().plus(Duration.ofHours(2));
    RecordingSchedule created = scheduler.create(oneOff(start));
    assertEquals(start, scheduler.nextStart(created.id()).orElseThrow());
    assertEquals(created, scheduler.list().get(0));

    Instant later = start.plus(Duration.ofDays(1));
    scheduler.reschedule(created.id(), oneOff(later));
    assertEquals(later, scheduler.nextStart(created.id()).orElseThrow());
    assertEquals(
        new ScheduleStart.At(later), scheduler.find(created.id()).orElseThrow().plan().start());

    scheduler.cancel(created.id());
    assertTrue(scheduler.nextStart(created.id()).isEmpty());
    assertEquals(
        RecordingSchedule.Status.CANCELLED, scheduler.find(created.id()).orElseThrow().status());
    assertThrows(
        IllegalStateException.class, () -> scheduler.reschedule(created.id(), oneOff(later)));
    assertThrows(ScheduleNotFoundException.class, () -> scheduler.cancel("sch-unknown"));
  }

  @Test
  void rejectsAStartAlreadyPastItsWindowAndACronThatNeverFires() {
    assertThrows(
        IllegalArgumentException.class,
        () -> scheduler.create(oneOff(clock.instant().minus(Duration.ofMinutes(6)))));
    SchedulePlan past =
        new SchedulePlan(
            "app-1",
            "conv-1",
            new ScheduleStart.Cron("0 0 9 1 1 ? 2001", ZoneId.of("UTC")),
            new ScheduleStop.After(Duration.ofHours(1)),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> scheduler.create(past));
    assertTrue(e.getMessage().contains("never"), e.getMessage());
    assertTrue(scheduler.list().isEmpty(), "a refused schedule is not stored");
  }

  @Test
  void restoresTheTriggerOfAPlanStoredJustBeforeACrash() {
    Instant start = clock.instant().plus(Duration.ofHours(2));
    // What a crash between storing the plan and scheduling its trigger leaves behind.
    schedules.insert(
        new RecordingSchedule(
            "sch-orphan", oneOff(start), RecordingSchedule.Status.ACTIVE, clock.instant()));
    // A one-off that fired, with its status update lost.
    Instant firedAt = clock.instant().minus(Duration.ofMinutes(1));
    schedules.insert(
        new RecordingSchedule(
            "sch-fired",
            oneOff(firedAt),
            RecordingSchedule.Status.ACTIVE,
            clock.instant().minus(Duration.ofHours(1))));
    occurrences.insert(
        new Occurrence(
            "sch-fired",
            firedAt,
            Occurrence.recordingIdFor("sch-fired", firedAt),
            Occurrence.State.RECORDING,
            null),
        clock.instant());
    RecordingSchedule healthy = scheduler.create(oneOff(start.plusSeconds(60)));

    assertEquals(1, scheduler.restoreMissingTriggers());
    assertEquals(start, scheduler.nextStart("sch-orphan").orElseThrow());
    assertTrue(scheduler.nextStart("sch-fired").isEmpty());
    assertEquals(
        RecordingSchedule.Status.COMPLETED, scheduler.find("sch-fired").orElseThrow().status());
    assertEquals(start.plusSeconds(60), scheduler.nextStart(healthy.id()).orElseThrow());
    assertEquals(0, scheduler.restoreMissingTriggers());
  }
}
