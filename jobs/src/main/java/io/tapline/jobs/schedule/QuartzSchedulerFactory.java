package io.tapline.jobs.schedule;

import io.tapline.jobs.db.JobsDatabaseSettings;
import java.util.Properties;
import java.util.UUID;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Builds a Quartz scheduler on the JDBC job store. The tables must exist (see {@code
 * JobsDatabase.migrate}). The scheduler is returned in standby: set its job factory (a {@link
 * ScheduleJobFactory}), then call {@code start()}.
 */
public final class QuartzSchedulerFactory {
  private QuartzSchedulerFactory() {}

  public static Scheduler create(QuartzSettings quartz, JobsDatabaseSettings database) {
    try {
      return new StdSchedulerFactory(properties(quartz, database)).getScheduler();
    } catch (SchedulerException e) {
      throw new SchedulingException(
          "could not create the Quartz scheduler " + quartz.schedulerName(), e);
    }
  }

  static Properties properties(QuartzSettings quartz, JobsDatabaseSettings database) {
    // Quartz registers data sources in a JVM-wide table by name: a unique name keeps two
    // schedulers of one JVM (tests, a restart) from closing each other's pool.
    String dataSource = "tapline-jobs-" + UUID.randomUUID();
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", quartz.schedulerName());
    p.setProperty("org.quartz.scheduler.instanceId", quartz.instanceId());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.idleWaitTime", Long.toString(quartz.idleWaitTime().toMillis()));
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(quartz.threadCount()));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass", database.vendor().quartzDelegateClass());
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(quartz.misfireThreshold().toMillis()));
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(quartz.clustered()));
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(quartz.clusterCheckinInterval().toMillis()));
    // Take the TRIGGER_ACCESS row lock while acquiring, so two nodes never acquire one trigger.
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    String prefix = "org.quartz.dataSource." + dataSource + ".";
    p.setProperty(prefix + "provider", "hikaricp");
    p.setProperty(prefix + "driver", database.vendor().jdbcDriverClass());
    p.setProperty(prefix + "URL", database.url());
    p.setProperty(prefix + "user", database.user());
    p.setProperty(prefix + "password", database.password());
    // Quartz holds a connection per firing thread plus one for its own housekeeping.
    p.setProperty(prefix + "maxConnections", Integer.toString(quartz.threadCount() + 2));
    return p;
  }
}
