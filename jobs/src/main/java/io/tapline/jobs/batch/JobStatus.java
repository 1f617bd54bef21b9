package io.tapline.jobs.batch;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Where one job execution stands, from the job repository (shared by every worker) plus this
 * worker's live progress when it runs the execution.
 *
 * @param parameters the job parameters, as strings
 * @param status Spring Batch's status (STARTING, STARTED, COMPLETED, FAILED, ...)
 * @param exitDescription why it failed, empty otherwise
 * @param steps every step run so far, in order
 * @param progress live progress on this worker, null when it runs elsewhere or is done
 */
public record JobStatus(long executionId, String jobName, Map<String, String> parameters,
    String status, String exitDescription, LocalDateTime started, LocalDateTime ended,
    List<StepStatus> steps, JobProgress.Snapshot progress) {

  /**
   * @param writeCount what the step produced (segments uploaded, tracks exported, ...)
   */
  public record StepStatus(String name, String status, long writeCount,
      LocalDateTime lastUpdated) {}

  /** The step running now, or the last one run. */
  public String currentStep() {
    return steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
  }
}
