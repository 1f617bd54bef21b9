package io.tapline.app.config;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.app.live.LiveRecordingControl;
import io.tapline.app.live.LiveShutdown;
import io.tapline.app.live.PendingFinalizeLauncher;
import io.tapline.jobs.config.JobsConfiguration;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.IndexDatabase;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Plugs the SFU into the jobs module's ports and feeds webhooks and the index from conversations. */
@Configuration(proxyBeanMethods = false)
@Import(JobsConfiguration.class)
public class JobsWiring {

  @Bean
  RecordingControl recordingControl(ConversationRegistry registry, RecordingController recordings) {
    return new LiveRecordingControl(registry, recordings);
  }

  @Bean
  @ConditionalOnMissingBean(FinalizeLauncher.class)
  FinalizeLauncher finalizeLauncher() {
    return new PendingFinalizeLauncher();
  }

  @Bean(destroyMethod = "close")
  ConversationIndexer conversationIndexer(
      IndexDatabase index, OwnershipRepository owners, EventPublisher events, Clock clock,
      ConversationRegistry registry) {
    ConversationIndexer indexer = new ConversationIndexer(index, owners, events, clock);
    registry.addListener(indexer);
    return indexer;
  }

  /** Depends on the registry and the indexer, so Spring closes it before either. */
  @Bean(destroyMethod = "close")
  LiveShutdown liveShutdown(ConversationRegistry registry, ConversationIndexer indexer) {
    return new LiveShutdown(registry, indexer);
  }
}
