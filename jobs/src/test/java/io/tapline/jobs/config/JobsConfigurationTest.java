package io.tapline.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.jobs.schedule.RecordingScheduler;
import io.tapline.jobs.webhook.OutboxEventPublisher;
import io.tapline.jobs.webhook.WebhookDeliveryWorker;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class JobsConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  static class AppPorts {
    @Bean
    RecordingControl recordingControl() {
      return new RecordingControl() {
        @Override
        public StartResult start(String conversationId, String recordingId) {
          return new StartResult.NotLive();
        }

        @Override
        public void stop(String recordingId) {}
      };
    }

    @Bean
    FinalizeLauncher finalizeLauncher() {
      return recordingId -> {};
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(AppPorts.class, JobsConfiguration.class)
          .withPropertyValues(
              "tapline.jobs.database.url=jdbc:h2:mem:cfg-"
                  + UUID.randomUUID()
                  + ";DB_CLOSE_DELAY=-1",
              "tapline.jobs.quartz.scheduler-name=cfg-" + UUID.randomUUID(),
              "tapline.jobs.webhooks.backoff.initial-delay=250ms",
              "tapline.jobs.webhooks.backoff.max-attempts=4",
              "tapline.jobs.schedule.join-poll-interval=2s");

  @Test
  void wiresAStartedSchedulerAndTheOutboxPublisher() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Scheduler.class).isStarted()).isTrue();
          assertThat(context.getBean(RecordingScheduler.class).list()).isEmpty();
          assertThat(context.getBean(EventPublisher.class))
              .isInstanceOf(OutboxEventPublisher.class);
          assertThat(context).hasSingleBean(WebhookDeliveryWorker.class);
          // The jobs pool is not a DataSource bean: the app's own DataSource stays the app's.
          assertThat(context).doesNotHaveBean(DataSource.class);
          JobsProperties properties = context.getBean(JobsProperties.class);
          assertThat(properties.getWebhooks().toSettings().backoff().initialDelay())
              .isEqualTo(Duration.ofMillis(250));
          assertThat(properties.getWebhooks().toSettings().backoff().maxAttempts()).isEqualTo(4);
          assertThat(properties.getSchedule().toSettings().joinPollInterval())
              .isEqualTo(Duration.ofSeconds(2));
        });
  }

  @Test
  void invalidSettingsFailAtStartWithTheReason() {
    runner
        .withPropertyValues("tapline.jobs.webhooks.backoff.jitter=1.5")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("jitter");
            });
  }
}
