package io.tapline.jobs.batch;

import io.tapline.compositor.compose.Compositor;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.retention.IntegrityChecker;
import io.tapline.storage.retention.RetentionPurger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.configuration.support.DefaultBatchConfiguration;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.DefaultJobParametersValidator;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the Spring Batch jobs ({@code finalizeRecording}, {@code postProcessArchive}, {@code
 * purgeExpired}, {@code verifyArchive}) with their job repository in the index database. The app
 * provides the {@link IndexDatabase}, {@link ContentStore}, {@link EventPublisher} and {@link
 * Clock}. Steps are thin step-scoped tasklets over the plain classes of this package.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchJobsProperties.class)
public class BatchJobsConfiguration extends DefaultBatchConfiguration {
  private static final String RECORDING = "#{jobParameters['recordingId']}";
  private static final String RECORDING_DIR = "#{jobParameters['recordingDir']}";

  @Override
  protected DataSource getDataSource() {
    return applicationContext.getBean(IndexDatabase.class).dataSource();
  }

  @Override
  protected PlatformTransactionManager getTransactionManager() {
    return applicationContext.getBean("batchTransactionManager",
        PlatformTransactionManager.class);
  }

  /** The job repository, after its tables (and the heartbeat table beside them) exist. */
  @Bean
  @Override
  public JobRepository jobRepository() {
    BatchSchema.initialize(getDataSource());
    ExecutionHeartbeats.createTable(getDataSource());
    NodeHeartbeats.createTable(getDataSource());
    return super.jobRepository();
  }

  /** Beats for the executions running here; fails and restarts those of dead workers. */
  @Bean(initMethod = "start", destroyMethod = "close")
  HeartbeatMonitor heartbeatMonitor(IndexDatabase index, JobExplorer explorer,
      AbandonedExecutions abandoned, ObjectProvider<BatchJobs> jobs,
      BatchJobsProperties properties, Clock clock, ObjectProvider<MeterRegistry> meters) {
    NodeHeartbeats.createTable(index.dataSource());
    return new HeartbeatMonitor(new ExecutionHeartbeats(index.dataSource()),
        new NodeHeartbeats(index.dataSource()), explorer, abandoned,
        e -> jobs.getObject().restart(e), properties.toHeartbeatSettings(), clock,
        meters.getIfAvailable(() -> Metrics.globalRegistry));
  }

  @Bean
  PlatformTransactionManager batchTransactionManager(IndexDatabase index) {
    return new DataSourceTransactionManager(index.dataSource());
  }

  @Bean
  BatchSettings batchSettings(BatchJobsProperties properties) {
    return properties.toSettings();
  }

  @Bean
  JobProgress jobProgress() {
    return new JobProgress();
  }

  @Bean
  CompositionSlots compositionSlots(BatchSettings settings) {
    return new CompositionSlots(settings.maxConcurrentCompositions());
  }

  @Bean
  RecordingSource recordingSource(BatchSettings settings, ContentStore content,
      IndexDatabase index) {
    return new RecordingSource(settings.workDir(), content, index.recordings());
  }

  @Bean
  SegmentArchiver segmentArchiver(ContentStore content, IndexDatabase index, Clock clock) {
    return new SegmentArchiver(content, index.recordings(), clock);
  }

  @Bean
  TrackExports trackExports() {
    return new TrackExports(new TrackExporter());
  }

  @Bean
  CompositionRenderer compositionRenderer(CompositionSlots slots) {
    return new CompositionRenderer(new Compositor(), slots);
  }

  @Bean
  DerivedOutputs derivedOutputs(CompositionSlots slots) {
    return new DerivedOutputs(slots);
  }

  @Bean
  OutputPublisher outputPublisher(ContentStore content, IndexDatabase index, Clock clock) {
    return new OutputPublisher(content, index.recordings(), clock);
  }

  @Bean
  ReadyNotifier readyNotifier(IndexDatabase index, EventPublisher events, Clock clock) {
    return new ReadyNotifier(index.recordings(), events, clock);
  }

  @Bean
  AbandonedExecutions abandonedExecutions(JobExplorer explorer, JobRepository repository,
      Clock clock) {
    return new AbandonedExecutions(explorer, repository, clock);
  }

  @Bean
  LocalExecutions localExecutions(JobExplorer explorer, JobRepository repository) {
    return new LocalExecutions(explorer, repository);
  }

  /**
   * On a graceful shutdown, stops the jobs this worker runs at a step boundary (within {@code
   * shutdown-grace}) while the index and the object store are still open: it depends on them, so
   * Spring closes it first.
   */
  @Bean
  DisposableBean stopLocalExecutionsOnShutdown(BatchJobs jobs, IndexDatabase index,
      ContentStore content) {
    return jobs::stopLocalExecutions;
  }

  /** Launches jobs in the background, at most {@code maxConcurrentJobs} at once, FIFO. */
  @Bean
  JobLauncher asyncJobLauncher(JobRepository repository, BatchSettings settings)
      throws Exception {
    ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
    pool.setCorePoolSize(settings.maxConcurrentJobs());
    pool.setMaxPoolSize(settings.maxConcurrentJobs());
    pool.setThreadNamePrefix("tapline-batch-");
    pool.setWaitForTasksToCompleteOnShutdown(false);
    // Not a bean (an Executor bean would displace Boot's applicationTaskExecutor), so nothing shuts
    // it down: daemon threads let the JVM exit after the context closes. A job cut short resumes on
    // the next launch (recover-on-startup), as after a crash.
    pool.setDaemon(true);
    pool.initialize();
    TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
    launcher.setJobRepository(repository);
    launcher.setTaskExecutor(pool);
    launcher.afterPropertiesSet();
    return launcher;
  }

  @Bean
  BatchJobs batchJobs(List<Job> jobs, @Qualifier("jobLauncher") JobLauncher jobLauncher,
      @Qualifier("asyncJobLauncher") JobLauncher asyncJobLauncher, JobExplorer explorer,
      JobProgress progress, AbandonedExecutions abandoned, LocalExecutions local,
      BatchSettings settings) {
    return new BatchJobs(jobs, jobLauncher, asyncJobLauncher, explorer, progress, abandoned,
        local, settings);
  }

  /**
   * Fails executions a dead worker left running (see {@code abandon-after}), once every bean is
   * ready and before this worker launches anything; only then may the heartbeat monitor take
   * over silent executions (else both would restart the same one).
   */
  @Bean
  SmartInitializingSingleton recoverAbandonedExecutions(BatchJobs jobs,
      BatchJobsProperties properties, HeartbeatMonitor heartbeats) {
    return () -> {
      if (properties.isRecoverOnStartup()) {
        jobs.recoverAbandoned();
      }
      heartbeats.startRecovering();
    };
  }

  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskScheduler batchMaintenanceScheduler() {
    ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
    s.setPoolSize(1);
    s.setThreadNamePrefix("tapline-maintenance-");
    s.initialize();
    return s;
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  MaintenanceSchedule maintenanceSchedule(BatchJobs jobs,
      ThreadPoolTaskScheduler batchMaintenanceScheduler, BatchJobsProperties p, Clock clock) {
    return new MaintenanceSchedule(jobs, batchMaintenanceScheduler, p.getPurgeCron(),
        p.getVerifyCron(), p.isVerifyDeep(), p.isVerifyRepair(), clock);
  }

  // ---- finalizeRecording

  @Bean
  Job finalizeRecordingJob(JobRepository repo, PlatformTransactionManager batchTransactionManager,
      @Qualifier("finalizeVerify") Tasklet verify,
      @Qualifier("finalizeUploadSegments") Tasklet uploadSegments,
      @Qualifier("finalizeExportTracks") Tasklet exportTracks,
      @Qualifier("finalizeCompose") Tasklet compose,
      @Qualifier("finalizeUploadOutputs") Tasklet uploadOutputs,
      @Qualifier("finalizeReady") Tasklet ready,
      @Qualifier("finalizeCleanup") Tasklet cleanup,
      FinalizeFailureListener failures, HeartbeatMonitor heartbeats) {
    PlatformTransactionManager tx = batchTransactionManager;
    return new JobBuilder(BatchJobs.FINALIZE, repo)
        .validator(new DefaultJobParametersValidator(new String[] {BatchJobs.RECORDING_ID},
            new String[] {BatchJobs.RECORDING_DIR}))
        .listener(failures)
        .listener(heartbeats)
        .start(step("verifySegments", repo, verify, tx))
        .next(step("uploadSegments", repo, uploadSegments, tx))
        .next(step("exportTracks", repo, exportTracks, tx))
        .next(step("compose", repo, compose, tx))
        .next(step("uploadOutputs", repo, uploadOutputs, tx))
        .next(step("publishReady", repo, ready, tx))
        .next(step("cleanup", repo, cleanup, tx))
        .build();
  }

  @Bean
  FinalizeFailureListener finalizeFailureListener(ReadyNotifier notifier, IndexDatabase index,
      BatchSettings settings, JobProgress progress) {
    return new FinalizeFailureListener(notifier, index.recordings(), index.conversations(),
        settings, progress);
  }

  @Bean
  FinalizeTasklets.Contexts finalizeContexts(RecordingSource source, IndexDatabase index,
      ContentStore content, BatchSettings settings, JobProgress progress) {
    return (recordingId, recordingDir) -> new FinalizeTasklets.Context(recordingId,
        Optional.ofNullable(recordingDir).filter(d -> !d.isBlank()).map(Path::of), source,
        new WorkDirs(settings.workDir(), recordingId), index.recordings(), index.conversations(),
        content, settings, progress);
  }

  @Bean
  @StepScope
  Tasklet finalizeVerify(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts) {
    return FinalizeTasklets.verify(contexts.of(recordingId, recordingDir), new SegmentVerifier());
  }

  @Bean
  @StepScope
  Tasklet finalizeUploadSegments(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts,
      SegmentArchiver archiver) {
    return FinalizeTasklets.uploadSegments(contexts.of(recordingId, recordingDir), archiver);
  }

  @Bean
  @StepScope
  Tasklet finalizeExportTracks(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts,
      TrackExports exports) {
    return FinalizeTasklets.exportTracks(contexts.of(recordingId, recordingDir), exports);
  }

  @Bean
  @StepScope
  Tasklet finalizeCompose(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts,
      CompositionRenderer renderer, OutputPublisher publisher) {
    return FinalizeTasklets.compose(contexts.of(recordingId, recordingDir), renderer, publisher);
  }

  @Bean
  @StepScope
  Tasklet finalizeUploadOutputs(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts,
      OutputPublisher publisher, TrackExports exports, CompositionRenderer renderer) {
    return FinalizeTasklets.uploadOutputs(contexts.of(recordingId, recordingDir), publisher,
        exports, renderer);
  }

  @Bean
  @StepScope
  Tasklet finalizeReady(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts,
      ReadyNotifier notifier) {
    return FinalizeTasklets.ready(contexts.of(recordingId, recordingDir), notifier);
  }

  @Bean
  @StepScope
  Tasklet finalizeCleanup(@Value(RECORDING) String recordingId,
      @Value(RECORDING_DIR) String recordingDir,
      FinalizeTasklets.Contexts contexts) {
    return FinalizeTasklets.cleanup(contexts.of(recordingId, recordingDir));
  }

  // ---- postProcessArchive

  @Bean
  Job postProcessArchiveJob(JobRepository repo,
      PlatformTransactionManager batchTransactionManager,
      @Qualifier("postFetch") Tasklet fetch, @Qualifier("postProcess") Tasklet process,
      @Qualifier("postStore") Tasklet store, @Qualifier("postCleanup") Tasklet cleanup,
      PostProcessFailureListener failures, HeartbeatMonitor heartbeats) {
    PlatformTransactionManager tx = batchTransactionManager;
    return new JobBuilder(BatchJobs.POST_PROCESS, repo)
        .validator(new DefaultJobParametersValidator(
            new String[] {"recordingId", "operation"}, new String[0]))
        .listener(failures)
        .listener(heartbeats)
        .start(step("fetchRecording", repo, fetch, tx))
        .next(step("process", repo, process, tx))
        .next(step("storeOutputs", repo, store, tx))
        .next(step("postCleanup", repo, cleanup, tx))
        .build();
  }

  @Bean
  PostProcessFailureListener postProcessFailureListener(OutputPublisher publisher,
      ReadyNotifier notifier, IndexDatabase index, BatchSettings settings, JobProgress progress) {
    return new PostProcessFailureListener(publisher, notifier, index.recordings(),
        index.conversations(), settings, progress);
  }

  @Bean
  PostProcessTasklets.Contexts postContexts(RecordingSource source, IndexDatabase index,
      BatchSettings settings, JobProgress progress) {
    return request -> new PostProcessTasklets.Context(request, source,
        PostProcessTasklets.workDirs(settings, request), index.recordings(),
        index.conversations(), settings, progress);
  }

  @Bean
  @StepScope
  Tasklet postFetch(PostProcessTasklets.Contexts contexts,
      @Value("#{jobParameters}") Map<String, Object> parameters) {
    return PostProcessTasklets.fetch(contexts.of(PostProcessRequest.fromParameters(parameters)));
  }

  @Bean
  @StepScope
  Tasklet postProcess(PostProcessTasklets.Contexts contexts,
      @Value("#{jobParameters}") Map<String, Object> parameters,
      CompositionRenderer renderer, TrackExports exports, OutputPublisher publisher,
      DerivedOutputs derived) {
    return PostProcessTasklets.process(contexts.of(PostProcessRequest.fromParameters(parameters)),
        renderer, exports, publisher, derived);
  }

  @Bean
  @StepScope
  Tasklet postStore(PostProcessTasklets.Contexts contexts,
      @Value("#{jobParameters}") Map<String, Object> parameters,
      OutputPublisher publisher, ReadyNotifier notifier, CompositionRenderer renderer,
      TrackExports exports, DerivedOutputs derived) {
    return PostProcessTasklets.store(contexts.of(PostProcessRequest.fromParameters(parameters)),
        publisher, notifier, renderer, exports, derived);
  }

  @Bean
  @StepScope
  Tasklet postCleanup(PostProcessTasklets.Contexts contexts,
      @Value("#{jobParameters}") Map<String, Object> parameters) {
    return PostProcessTasklets.cleanup(contexts.of(PostProcessRequest.fromParameters(parameters)));
  }

  // ---- purgeExpired, verifyArchive

  @Bean
  Job purgeExpiredJob(JobRepository repo, PlatformTransactionManager batchTransactionManager,
      @Qualifier("purgeTasklet") Tasklet purge, HeartbeatMonitor heartbeats) {
    return new JobBuilder(BatchJobs.PURGE, repo).listener(heartbeats)
        .start(step("purge", repo, purge, batchTransactionManager)).build();
  }

  @Bean
  @StepScope
  Tasklet purgeTasklet(ContentStore content, IndexDatabase index, Clock clock) {
    RetentionPurger purger = new RetentionPurger(content.objects(), index.conversations(),
        index.recordings(), clock);
    return (contribution, chunk) -> {
      var report = purger.purgeExpired();
      contribution.incrementWriteCount(report.recordings() + report.conversations());
      var ctx = contribution.getStepExecution().getExecutionContext();
      ctx.putInt("recordings", report.recordings());
      ctx.putInt("conversations", report.conversations());
      ctx.putInt("objects", report.objects());
      return RepeatStatus.FINISHED;
    };
  }

  @Bean
  Job verifyArchiveJob(JobRepository repo, PlatformTransactionManager batchTransactionManager,
      @Qualifier("verifyTasklet") Tasklet verify, HeartbeatMonitor heartbeats) {
    return new JobBuilder(BatchJobs.VERIFY, repo).listener(heartbeats)
        .start(step("verify", repo, verify, batchTransactionManager)).build();
  }

  @Bean
  @StepScope
  Tasklet verifyTasklet(@Value("#{jobParameters['deep']}") String deep,
      @Value("#{jobParameters['repair']}") String repair,
      @Value("#{jobParameters['orphanGrace']}") String orphanGrace,
      ContentStore content, IndexDatabase index, Clock clock) {
    IntegrityChecker checker = new IntegrityChecker(content, index.conversations(),
        index.recordings(), index.files(), clock);
    return new VerifyArchiveTasklet(checker, Boolean.parseBoolean(deep),
        Boolean.parseBoolean(repair),
        orphanGrace == null ? VerifyArchiveTasklet.DEFAULT_ORPHAN_GRACE
            : java.time.Duration.parse(orphanGrace));
  }

  private static Step step(String name, JobRepository repo, Tasklet tasklet,
      PlatformTransactionManager tx) {
    return new StepBuilder(name, repo).tasklet(tasklet, tx).build();
  }
}
