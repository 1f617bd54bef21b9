package io.tapline.jobs.schedule;

import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.event.EventPublisher;
import java.time.Clock;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/** One scheduling node as the app assembles it, for functional tests and child JVMs. */
final class SchedulerNode implements AutoCloseable {
  final HikariDataSource dataSource;
  final Scheduler quartz;
  final RecordingScheduler scheduler;
  final OccurrenceStore occurrences;

  SchedulerNode(
      JobsDatabaseSettings database,
      QuartzSettings quartzSettings,
      ScheduleSettings settings,
      RecordingControl control,
      FinalizeLauncher finalizer,
      EventPublisher events) {
    dataSource = JobsDatabase.dataSource(database);
    JobsDatabase.migrate(dataSource, database.vendor());
    Clock clock = Clock.systemUTC();
    ScheduleStore schedules = new ScheduleStore(dataSource);
    occurrences = new OccurrenceStore(dataSource);
    quartz = QuartzSchedulerFactory.create(quartzSettings, database);
    OccurrenceRunner runner =
        new OccurrenceRunner(
            schedules,
            occurrences,
            control,
            finalizer,
            events,
            new QuartzFollowUps(quartz),
            settings,
            clock);
    try {
      quartz.setJobFactory(new ScheduleJobFactory(runner));
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
    scheduler = new RecordingScheduler(quartz, schedules, occurrences, clock);
    scheduler.registerJobs();
  }

  SchedulerNode start() throws SchedulerException {
    quartz.start();
    return this;
  }

  @Override
  public void close() throws SchedulerException {
    try {
      quartz.shutdown(true);
    } finally {
      dataSource.close();
    }
  }
}
