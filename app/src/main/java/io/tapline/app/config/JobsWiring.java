package io.tapline.app.config;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.app.live.LiveRecordingControl;
import io.tapline.app.live.LiveShutdown;
import io.tapline.app.live.RecordingFinalizer;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.BatchJobsConfiguration;
import io.tapline.jobs.batch.BatchJobsProperties;
import io.tapline.jobs.config.JobsConfiguration;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.IndexDatabase;
import java.time.Clock;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Plugs the SFU into the jobs module's ports and feeds webhooks and the index from conversations.
 * The finalize batch job ({@link BatchJobsConfiguration}, job repository in the index database)
 * is the {@link FinalizeLauncher} of both the REST stop and a scheduled stop.
 */
@Configuration(proxyBeanMethods = false)
@Import({JobsConfiguration.class, BatchJobsConfiguration.class})
public class JobsWiring {

  @Bean
  RecordingControl recordingControl(ConversationRegistry registry, RecordingController recordings) {
    return new LiveRecordingControl(registry, recordings);
  }

  /**
   * The batch job, told where the SFU wrote each recording ({@code recordingDir}). Primary:
   * {@link BatchJobs} is a launcher too (from storage only).
   */
  @Bean
  @Primary
  RecordingFinalizer finalizeLauncher(BatchJobs batchJobs, IndexDatabase index,
      RecordingController recordings) {
    return new RecordingFinalizer(batchJobs, index.recordings(), recordings);
  }

  /**
   * After the batch recovery has failed the executions a dead run of this node left (it runs
   * while the context starts), resumes every unfinished finalization without anyone asking.
   */
  @Bean
  ApplicationRunner resumeUnfinishedFinalizations(RecordingFinalizer finalizer,
      BatchJobsProperties batch) {
    return args -> {
      if (batch.isRecoverOnStartup()) {
        finalizer.resumeUnfinished();
      }
    };
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
