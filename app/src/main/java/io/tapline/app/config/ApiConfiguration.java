package io.tapline.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.api.ApiKeyFilter;
import io.tapline.app.api.CompositionRequests;
import io.tapline.app.api.CompositionService;
import io.tapline.app.api.FileApiService;
import io.tapline.app.api.HlsChain;
import io.tapline.app.api.HlsPlaylists;
import io.tapline.app.api.PlaylistLinks;
import io.tapline.app.live.TokenSecrets;
import io.tapline.app.api.OutputService;
import io.tapline.app.api.ScheduleService;
import io.tapline.app.api.WebhookService;
import io.tapline.app.api.content.ContentResponder;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.jobs.webhook.WebhookOutbox;
import io.tapline.jobs.webhook.WebhookTargetGuard;
import io.tapline.storage.files.FileService;
import io.tapline.storage.object.ContentStore;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tapline.app.api.ConversationService;
import io.tapline.app.api.Paging;
import io.tapline.app.api.RecordingFiles;
import io.tapline.app.api.RecordingService;
import io.tapline.storage.object.ContentStore;
import io.tapline.app.api.TokenService;
import io.tapline.app.auth.ApiKeys;
import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.jobs.schedule.RecordingScheduler;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.IndexDatabase;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the REST API's services and its API-key filter. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

  @Bean
  ApiKeys apiKeys(IndexDatabase index, Clock clock) {
    return new ApiKeys(index.access(), clock);
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, TaplineProperties p) {
    FilterRegistrationBean<ApiKeyFilter> r =
        new FilterRegistrationBean<>(new ApiKeyFilter(keys, p.api().maxRequestSize().toBytes(),
            uploadRequestLimit(p)));
    r.addUrlPatterns("/api/*");
    return r;
  }

  @Bean
  Paging paging(TaplineProperties p) {
    return new Paging(p.api().defaultPageSize(), p.api().maxPageSize());
  }

  @Bean
  ConversationService conversationService(IndexDatabase index, OwnershipRepository owners,
      ConversationRegistry registry, RecordingScheduler scheduler, ObjectMapper json, Clock clock) {
    return new ConversationService(index, owners, registry, scheduler, json, clock);
  }

  @Bean
  TokenService tokenService(ConversationService conversations, SfuConfiguration.TokenKeys keys, TaplineProperties p,
      Clock clock) {
    return new TokenService(conversations, keys.issuer(), p.tokens().defaultTtl(), p.tokens().maxTtl(),
        p.signaling().path(), clock);
  }

  @Bean
  RecordingService recordingService(ConversationService conversations, ConversationRegistry registry,
      RecordingController controller, IndexDatabase index, ConversationIndexer indexer,
      FinalizeLauncher finalizer, BatchJobs batchJobs, ContentStore content, TaplineProperties p, Clock clock,
      PlaylistLinks playlists) {
    return new RecordingService(conversations, registry, controller, index, indexer, finalizer, batchJobs,
        new RecordingFiles(index, content, p.api().presignExpiry(), clock, playlists));
  }

  /** A file upload's body: the file plus its multipart framing and the small fields. */
  static long uploadRequestLimit(TaplineProperties p) {
    return p.api().maxUploadSize().toBytes() + MULTIPART_OVERHEAD;
  }

  static final long MULTIPART_OVERHEAD = 64 * 1024;

  /**
   * Multipart uploads: every part goes to a temporary file under the data directory as it
   * arrives (threshold 0), never whole into memory; the file is streamed from there to storage.
   */
  @Bean
  MultipartConfigElement multipartConfig(TaplineProperties p) throws IOException {
    Path dir = Files.createDirectories(p.dataDir().resolve("tmp").resolve("uploads"));
    return new MultipartConfigElement(dir.toString(), p.api().maxUploadSize().toBytes(), uploadRequestLimit(p), 0);
  }

  @Bean
  ContentResponder contentResponder(ContentStore content, TaplineProperties p, MeterRegistry meters) {
    return new ContentResponder(content, p.api().presignExpiry(), meters);
  }

  @Bean
  OutputService outputService(RecordingService recordings, IndexDatabase index) {
    return new OutputService(recordings, index);
  }

  @Bean
  FileApiService fileApiService(ConversationService conversations, FileService files, IndexDatabase index,
      EventPublisher events, Clock clock) {
    return new FileApiService(conversations, files, index, events, clock);
  }

  @Bean
  CompositionRequests compositionRequests(IndexDatabase index) {
    return new CompositionRequests(index.dataSource());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  HlsChain hlsChain(CompositionRequests requests, IndexDatabase index, BatchJobs batchJobs, TaplineProperties p,
      Clock clock, MeterRegistry meters) {
    return new HlsChain(requests, index, batchJobs, clock, p.api().hlsChainInterval(), meters);
  }

  @Bean
  PlaylistLinks playlistLinks(TaplineProperties p, Clock clock) {
    return new PlaylistLinks(TokenSecrets.resolve(p.tokens().secret(), p.dataDir()), p.api().presignExpiry(), clock);
  }

  @Bean
  HlsPlaylists hlsPlaylists(IndexDatabase index, ContentStore content, PlaylistLinks links, TaplineProperties p,
      Clock clock, MeterRegistry meters) {
    return new HlsPlaylists(index, content, links, p.api().presignExpiry(), clock, meters);
  }

  @Bean
  CompositionService compositionService(RecordingService recordings, IndexDatabase index,
      CompositionRequests requests, BatchJobs batchJobs, HlsChain hlsChain, Clock clock) {
    return new CompositionService(recordings, index, requests, batchJobs, hlsChain, clock);
  }

  @Bean
  ScheduleService scheduleService(ConversationService conversations, RecordingScheduler scheduler, Clock clock) {
    return new ScheduleService(conversations, scheduler, clock);
  }

  @Bean
  WebhookService webhookService(JdbcWebhookSubscriptions subscriptions, WebhookOutbox outbox,
      WebhookTargetGuard guard) {
    return new WebhookService(subscriptions, outbox, guard);
  }
}
