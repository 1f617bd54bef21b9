package io.tapline.jobs.batch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs {@code purgeExpired} and {@code verifyArchive} on their cron schedules. Each firing is a
 * job instance named by its time (to the second), so several nodes firing the same occurrence run
 * it once: the others find it running or complete. They can also be run on demand through {@link
 * BatchJobs}.
 */
public final class MaintenanceSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);
  private final BatchJobs jobs;
  private final TaskScheduler scheduler;
  private final String purgeCron;
  private final String verifyCron;
  private final boolean verifyDeep;
  private final boolean verifyRepair;
  private final Clock clock;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  /**
   * @param purgeCron Spring cron expression, or blank for none
   * @param verifyCron Spring cron expression, or blank for none
   */
  public MaintenanceSchedule(BatchJobs jobs, TaskScheduler scheduler, String purgeCron,
      String verifyCron, boolean verifyDeep, boolean verifyRepair, Clock clock) {
    this.jobs = jobs;
    this.scheduler = scheduler;
    this.purgeCron = purgeCron;
    this.verifyCron = verifyCron;
    this.verifyDeep = verifyDeep;
    this.verifyRepair = verifyRepair;
    this.clock = clock;
  }

  public synchronized void start() {
    if (purgeCron != null && !purgeCron.isBlank()) {
      scheduled.add(scheduler.schedule(() -> run("purge", () ->
          jobs.purgeExpired(occurrence(clock.instant()))), new CronTrigger(purgeCron,
          clock.getZone())));
    }
    if (verifyCron != null && !verifyCron.isBlank()) {
      scheduled.add(scheduler.schedule(() -> run("verify", () ->
          jobs.verifyArchive(occurrence(clock.instant()), verifyDeep, verifyRepair)),
          new CronTrigger(verifyCron, clock.getZone())));
    }
  }

  /** The occurrence a firing at {@code now} stands for: its second. */
  static Instant occurrence(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS);
  }

  private static void run(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.error("scheduled {} failed; it runs again at its next time", what, e);
    }
  }

  @Override
  public synchronized void close() {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
  }
}
