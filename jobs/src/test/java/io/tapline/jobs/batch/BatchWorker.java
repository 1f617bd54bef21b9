package io.tapline.jobs.batch;

import io.tapline.jobs.db.DatabaseVendor;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.jobs.webhook.OutboxEventPublisher;
import io.tapline.jobs.webhook.WebhookOutbox;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.DirectoryUploadJournal;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.S3Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One worker as the app would wire it, for tests: the index database (H2 file, AUTO_SERVER, or
 * any URL), the jobs schema on the same database (webhook outbox), an S3 client, and the batch
 * configuration in a Spring context. Tests and the child JVM of the kill test build the same.
 */
final class BatchWorker implements AutoCloseable {
  final IndexDatabase index;
  final ObjectStore objects;
  final ContentStore content;
  final JdbcWebhookSubscriptions subscriptions;
  final AnnotationConfigApplicationContext context;
  final BatchJobs jobs;
  /** Where this worker's tap writes: {@code recordingsDir/{recordingId}} in these tests. */
  final Path recordingsDir;

  BatchWorker(IndexSettings indexSettings, S3Settings s3, Path recordingsDir, Path workDir,
      Map<String, String> extraProperties) {
    this.recordingsDir = recordingsDir;
    this.index = IndexDatabase.open(indexSettings);
    JobsDatabase.migrate(index.dataSource(), DatabaseVendor.fromJdbcUrl(indexSettings.jdbcUrl()));
    this.objects = new ObjectStore(s3);
    objects.ensureBucket();
    this.content = new ContentStore(objects, null,
        new DirectoryUploadJournal(workDir.resolve("upload-journal")));
    Clock clock = Clock.systemUTC();
    this.subscriptions = new JdbcWebhookSubscriptions(index.dataSource(), clock);
    EventPublisher events = new OutboxEventPublisher(subscriptions,
        new WebhookOutbox(index.dataSource()), new ObjectMapper(), clock);
    Map<String, Object> props = new HashMap<>();
    props.put("tapline.jobs.batch.work-dir", workDir.toString());
    props.put("tapline.jobs.batch.max-concurrent-compositions", "1");
    props.putAll(extraProperties);
    context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
    context.registerBean(IndexDatabase.class, () -> index);
    context.registerBean(ContentStore.class, () -> content);
    context.registerBean(EventPublisher.class, () -> events);
    context.registerBean(Clock.class, () -> clock);
    context.register(BatchJobsConfiguration.class);
    context.refresh();
    jobs = context.getBean(BatchJobs.class);
  }

  /** Finalizes on this thread, naming the recording's tap directory as the app does. */
  org.springframework.batch.core.JobExecution finalizeRecording(String recordingId) {
    return jobs.finalizeRecording(recordingId, recordingsDir.resolve(recordingId));
  }

  /** Finalizes in the background, naming the recording's tap directory as the app does. */
  org.springframework.batch.core.JobExecution launch(String recordingId) {
    return jobs.launch(recordingId, recordingsDir.resolve(recordingId));
  }

  @Override
  public void close() {
    context.close();
    objects.close();
    index.close();
  }
}
