package io.tapline.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.app.api.ApiKeyFilter;
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
        new FilterRegistrationBean<>(new ApiKeyFilter(keys, p.api().maxRequestSize().toBytes()));
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
      FinalizeLauncher finalizer, BatchJobs batchJobs, ContentStore content, TaplineProperties p, Clock clock) {
    return new RecordingService(conversations, registry, controller, index, indexer, finalizer, batchJobs,
        new RecordingFiles(index, content, p.api().downloadUrlTtl(), clock));
  }
}
