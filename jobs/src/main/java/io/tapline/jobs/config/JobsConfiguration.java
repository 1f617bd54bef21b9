package io.tapline.jobs.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.OccurrenceRunner;
import io.tapline.jobs.schedule.OccurrenceStore;
import io.tapline.jobs.schedule.QuartzFollowUps;
import io.tapline.jobs.schedule.QuartzSchedulerFactory;
import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.jobs.schedule.RecordingScheduler;
import io.tapline.jobs.schedule.ScheduleJobFactory;
import io.tapline.jobs.schedule.ScheduleStore;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.jobs.webhook.OutboxEventPublisher;
import io.tapline.jobs.webhook.PinnedHttpClient;
import io.tapline.jobs.webhook.WebhookDeliveryWorker;
import io.tapline.jobs.webhook.WebhookDispatcher;
import io.tapline.jobs.webhook.WebhookOutbox;
import io.tapline.jobs.webhook.WebhookSettings;
import io.tapline.jobs.webhook.WebhookTargetGuard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires scheduling and webhooks. The app provides {@link RecordingControl} and {@link
 * FinalizeLauncher} (the SFU's recording controller and the finalize batch job).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
public class JobsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The jobs tables, migrated before anything uses them. */
  @Bean(destroyMethod = "close")
  JobsDataSource jobsDataSource(JobsProperties properties) {
    JobsDatabaseSettings settings = properties.getDatabase().toSettings();
    HikariDataSource pool = JobsDatabase.dataSource(settings);
    JobsDatabase.migrate(pool, settings.vendor());
    return new JobsDataSource(pool);
  }

  @Bean
  ScheduleStore scheduleStore(JobsDataSource jobsDataSource) {
    return new ScheduleStore(jobsDataSource.dataSource());
  }

  @Bean
  OccurrenceStore occurrenceStore(JobsDataSource jobsDataSource) {
    return new OccurrenceStore(jobsDataSource.dataSource());
  }

  @Bean
  Scheduler quartzScheduler(JobsProperties properties, JobsDataSource migratedFirst) {
    return QuartzSchedulerFactory.create(
        properties.getQuartz().toSettings(), properties.getDatabase().toSettings());
  }

  @Bean
  OccurrenceRunner occurrenceRunner(
      ScheduleStore schedules,
      OccurrenceStore occurrences,
      RecordingControl control,
      FinalizeLauncher finalizer,
      EventPublisher events,
      Scheduler quartz,
      JobsProperties properties,
      Clock clock)
      throws SchedulerException {
    OccurrenceRunner runner =
        new OccurrenceRunner(
            schedules,
            occurrences,
            control,
            finalizer,
            events,
            new QuartzFollowUps(quartz),
            properties.getSchedule().toSettings(),
            clock);
    quartz.setJobFactory(new ScheduleJobFactory(runner));
    return runner;
  }

  @Bean
  RecordingScheduler recordingScheduler(
      Scheduler quartz,
      ScheduleStore schedules,
      OccurrenceStore occurrences,
      OccurrenceRunner runnerReadyForJobs,
      Clock clock) {
    return new RecordingScheduler(quartz, schedules, occurrences, clock);
  }

  @Bean
  QuartzLifecycle quartzLifecycle(Scheduler quartz, RecordingScheduler scheduler) {
    return new QuartzLifecycle(quartz, scheduler);
  }

  @Bean
  JdbcWebhookSubscriptions webhookSubscriptions(JobsDataSource jobsDataSource, Clock clock) {
    return new JdbcWebhookSubscriptions(jobsDataSource.dataSource(), clock);
  }

  @Bean
  WebhookOutbox webhookOutbox(JobsDataSource jobsDataSource) {
    return new WebhookOutbox(jobsDataSource.dataSource());
  }

  @Bean
  @ConditionalOnMissingBean(EventPublisher.class)
  OutboxEventPublisher eventPublisher(
      JdbcWebhookSubscriptions subscriptions, WebhookOutbox outbox, Clock clock) {
    return new OutboxEventPublisher(subscriptions, outbox, new ObjectMapper(), clock);
  }

  /** What webhook targets may be: checked at subscription and at each delivery. */
  @Bean
  WebhookTargetGuard webhookTargetGuard(JobsProperties properties) {
    return properties.getWebhooks().toGuard();
  }

  @Bean(destroyMethod = "close")
  PinnedHttpClient webhookHttpClient(WebhookTargetGuard guard, JobsProperties properties) {
    return new PinnedHttpClient(
        guard, Duration.ofSeconds(5), properties.getWebhooks().toSettings().requestTimeout());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(name = "tapline.jobs.webhooks.enabled", matchIfMissing = true)
  WebhookDeliveryWorker webhookDeliveryWorker(
      WebhookOutbox outbox,
      JdbcWebhookSubscriptions subscriptions,
      JobsProperties properties,
      PinnedHttpClient http,
      Clock clock) {
    WebhookSettings settings = properties.getWebhooks().toSettings();
    SecureRandom random = new SecureRandom();
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(outbox, subscriptions, http, settings, clock, random::nextDouble);
    return new WebhookDeliveryWorker(dispatcher, settings);
  }
}
