package io.tapline.jobs.batch;

import io.tapline.jobs.schedule.FinalizeLauncher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.JobParametersInvalidException;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.repository.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.repository.JobRestartException;

/**
 * Starts the batch jobs and tells where they stand. A finalize job instance is identified by the
 * recording id alone: finalizing a completed recording again is a no-op, finalizing a failed one
 * resumes it at the step that failed.
 */
public final class BatchJobs implements FinalizeLauncher {
  private static final Logger log = LoggerFactory.getLogger(BatchJobs.class);
  public static final String FINALIZE = "finalizeRecording";
  public static final String POST_PROCESS = "postProcessArchive";
  public static final String PURGE = "purgeExpired";
  public static final String VERIFY = "verifyArchive";
  /** Finalize job parameters: the recording (identifying) and the tap's directory (not). */
  public static final String RECORDING_ID = "recordingId";
  public static final String RECORDING_DIR = "recordingDir";
  public static final Set<String> NAMES = Set.of(FINALIZE, POST_PROCESS, PURGE, VERIFY);

  private final Map<String, Job> jobs;
  private final JobLauncher syncLauncher;
  private final JobLauncher asyncLauncher;
  private final JobExplorer explorer;
  private final JobProgress progress;
  private final AbandonedExecutions abandoned;
  private final LocalExecutions local;
  private final BatchSettings settings;

  public BatchJobs(List<Job> jobs, JobLauncher syncLauncher, JobLauncher asyncLauncher,
      JobExplorer explorer, JobProgress progress, AbandonedExecutions abandoned,
      LocalExecutions local, BatchSettings settings) {
    this.jobs = new LinkedHashMap<>();
    jobs.forEach(j -> this.jobs.put(j.getName(), j));
    for (String name : NAMES) {
      if (!this.jobs.containsKey(name)) {
        throw new IllegalArgumentException("job " + name + " is not defined");
      }
    }
    this.syncLauncher = syncLauncher;
    this.asyncLauncher = asyncLauncher;
    this.explorer = explorer;
    this.progress = progress;
    this.abandoned = abandoned;
    this.local = local;
    this.settings = settings;
  }

  /**
   * Finalizes a recording on this thread from the tap's directory {@code recordingDir} (where the
   * SFU wrote it; null or absent on this worker: from what storage has); returns its execution
   * (the last one when done).
   */
  public JobExecution finalizeRecording(String recordingId, Path recordingDir) {
    return run(syncLauncher, FINALIZE, finalizeParameters(recordingId, recordingDir));
  }

  /** Finalizes a recording on this thread from what storage has. */
  public JobExecution finalizeRecording(String recordingId) {
    return finalizeRecording(recordingId, null);
  }

  /**
   * Starts finalizing a recording in the background from the tap's directory {@code
   * recordingDir} (null: from storage). Returns the execution started, or the running or completed
   * one of that recording.
   */
  public JobExecution launch(String recordingId, Path recordingDir) {
    return run(asyncLauncher, FINALIZE, finalizeParameters(recordingId, recordingDir));
  }

  /**
   * The scheduler's port without a directory: finalizes from storage. The app wraps this with
   * one that knows where the SFU wrote the recording.
   */
  @Override
  public void launch(String recordingId) {
    launch(recordingId, null);
  }

  /**
   * On a graceful shutdown: asks the jobs this worker runs to stop at a step boundary and waits
   * up to {@code shutdown-grace}; a stopped finalize job resumes at the next launch.
   *
   * @return the executions still running when the grace ran out
   */
  public List<Long> stopLocalExecutions() throws InterruptedException {
    return local.stopAll(settings.shutdownGrace());
  }

  /** Runs a post-processing request on this thread. */
  public JobExecution postProcess(PostProcessRequest request) {
    return run(syncLauncher, POST_PROCESS, request.toParameters());
  }

  /** Starts a post-processing request in the background. */
  public JobExecution launchPostProcess(PostProcessRequest request) {
    return run(asyncLauncher, POST_PROCESS, request.toParameters());
  }

  /** Purges expired recordings and conversations; one instance per {@code occurrence}. */
  public JobExecution purgeExpired(Instant occurrence) {
    return run(syncLauncher, PURGE, new JobParametersBuilder()
        .addString("occurrence", occurrence.toString()).toJobParameters());
  }

  /** Checks storage against the index; one instance per {@code occurrence}. */
  public JobExecution verifyArchive(Instant occurrence, boolean deep, boolean repair) {
    return run(syncLauncher, VERIFY, new JobParametersBuilder()
        .addString("occurrence", occurrence.toString())
        .addString("deep", Boolean.toString(deep), false)
        .addString("repair", Boolean.toString(repair), false).toJobParameters());
  }

  /**
   * Fails executions left running by a dead worker so they can resume: with {@code abandonAfter}
   * zero (one worker) every running one, else those not updated for that long.
   */
  public List<Long> recoverAbandoned() {
    return abandoned.recover(NAMES, settings.abandonAfter());
  }

  /**
   * Launches a failed execution's job again in the background, with the same parameters: it
   * resumes at the step that failed (the heartbeat monitor's restart).
   */
  public JobExecution restart(JobExecution failed) {
    return run(asyncLauncher, failed.getJobInstance().getJobName(), failed.getJobParameters());
  }

  public Optional<JobStatus> status(long executionId) {
    return Optional.ofNullable(explorer.getJobExecution(executionId)).map(this::status);
  }

  /** The latest execution of a recording's finalize job. */
  public Optional<JobStatus> finalizeStatus(String recordingId) {
    return latest(FINALIZE, finalizeParameters(recordingId, null)).map(this::status);
  }

  /** The latest execution of a post-processing request, if it was ever launched. */
  public Optional<JobStatus> postProcessStatus(PostProcessRequest request) {
    return latest(POST_PROCESS, request.toParameters()).map(this::status);
  }

  /** Every execution running now, on any worker. */
  public List<JobStatus> running() {
    List<JobStatus> out = new ArrayList<>();
    for (String name : NAMES) {
      explorer.findRunningJobExecutions(name).forEach(e -> out.add(status(e)));
    }
    out.sort(Comparator.comparingLong(JobStatus::executionId));
    return out;
  }

  /**
   * The instance is the recording id alone (identifying); {@code recordingDir} is not identifying,
   * so a restart may name the directory again (or another worker none) and still resume.
   */
  static JobParameters finalizeParameters(String recordingId, Path recordingDir) {
    JobParametersBuilder b = new JobParametersBuilder().addString(RECORDING_ID, recordingId);
    if (recordingDir != null) {
      b.addString(RECORDING_DIR, recordingDir.toAbsolutePath().normalize().toString(), false);
    }
    return b.toJobParameters();
  }

  private JobExecution run(JobLauncher launcher, String name, JobParameters params) {
    Job job = jobs.get(name);
    try {
      JobExecution e = launcher.run(job, params);
      local.launched(e);
      return e;
    } catch (JobInstanceAlreadyCompleteException e) {
      log.info("{} {} already completed: nothing to do", name, params);
      return latest(name, params).orElseThrow();
    } catch (JobExecutionAlreadyRunningException e) {
      log.info("{} {} is already running", name, params);
      return latest(name, params).orElseThrow();
    } catch (JobRestartException | JobParametersInvalidException e) {
      throw new IllegalArgumentException("cannot run " + name + " " + params + ": "
          + e.getMessage(), e);
    }
  }

  private Optional<JobExecution> latest(String name, JobParameters params) {
    JobInstance instance = explorer.getJobInstance(name, params);
    return instance == null ? Optional.empty()
        : Optional.ofNullable(explorer.getLastJobExecution(instance));
  }

  private JobStatus status(JobExecution e) {
    List<JobStatus.StepStatus> steps = new ArrayList<>();
    e.getStepExecutions().stream().sorted(Comparator.comparingLong(StepExecution::getId))
        .forEach(s -> steps.add(new JobStatus.StepStatus(s.getStepName(), s.getStatus().name(),
            s.getWriteCount(), s.getLastUpdated())));
    Map<String, String> params = new LinkedHashMap<>();
    e.getJobParameters().getParameters().forEach((k, v) -> params.put(k,
        String.valueOf(v.getValue())));
    return new JobStatus(e.getId(), e.getJobInstance().getJobName(), params, e.getStatus().name(),
        e.getExitStatus().getExitDescription(), e.getStartTime(), e.getEndTime(), steps,
        e.getStatus().isRunning() ? progress.get(e.getId()).orElse(null) : null);
  }
}
