package io.tapline.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.app.live.LiveRecordingControl;
import io.tapline.app.live.LiveShutdown;
import io.tapline.app.live.RecordingFinalizer;
import io.tapline.app.live.RecordingNodes;
import io.tapline.app.startup.InterruptedRecordings;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.BatchJobsConfiguration;
import io.tapline.jobs.batch.BatchJobsProperties;
import io.tapline.jobs.batch.HeartbeatMonitor;
import io.tapline.jobs.config.JobsConfiguration;
import io.tapline.jobs.config.JobsProperties;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.IndexDatabase;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
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

  /** Which node captures each recording, under the heartbeat's node id. */
  @Bean
  RecordingNodes recordingNodes(IndexDatabase index, HeartbeatMonitor heartbeats) {
    return new RecordingNodes(index.dataSource(), heartbeats.nodeId());
  }

  /** Recordings a killed process left live: this node's, or (in a cluster) a dead node's. */
  @Bean(destroyMethod = "close")
  InterruptedRecordings interruptedRecordings(IndexDatabase index, ConversationRegistry registry,
      RecordingController recordings, RecordingNodes nodes, HeartbeatMonitor heartbeats,
      JobsProperties jobs, ConversationIndexer indexer, RecordingFinalizer finalizer, Clock clock,
      ObjectProvider<MeterRegistry> meters) {
    boolean clustered = jobs.getQuartz().isClustered();
    return new InterruptedRecordings(index.recordings(), registry, recordings,
        id -> nodes.mayClose(id, clustered, heartbeats::isAlive), indexer, finalizer, clock,
        meters.getIfAvailable(() -> Metrics.globalRegistry));
  }

  /**
   * After the batch recovery has failed the executions a dead run of this node left (it runs
   * while the context starts), closes the recordings a dead run was capturing (always: it only
   * takes what this node may, {@link RecordingNodes#mayClose}; in a cluster again every heartbeat
   * interval) and resumes every unfinished finalization without anyone asking.
   */
  @Bean
  ApplicationRunner resumeUnfinishedFinalizations(RecordingFinalizer finalizer,
      InterruptedRecordings interrupted, BatchJobsProperties batch, JobsProperties jobs) {
    return args -> {
      interrupted.recover();
      if (jobs.getQuartz().isClustered()) {
        interrupted.startPeriodic(batch.getHeartbeatInterval());
      }
      if (batch.isRecoverOnStartup()) {
        finalizer.resumeUnfinished();
      }
    };
  }

  @Bean(destroyMethod = "close")
  ConversationIndexer conversationIndexer(
      IndexDatabase index, OwnershipRepository owners, EventPublisher events, Clock clock,
      ConversationRegistry registry, RecordingNodes nodes) {
    ConversationIndexer indexer = new ConversationIndexer(index, owners, events, clock, nodes);
    registry.addListener(indexer);
    return indexer;
  }

  /** Depends on the registry and the indexer, so Spring closes it before either. */
  @Bean(destroyMethod = "close")
  LiveShutdown liveShutdown(ConversationRegistry registry, ConversationIndexer indexer) {
    return new LiveShutdown(registry, indexer);
  }
}
