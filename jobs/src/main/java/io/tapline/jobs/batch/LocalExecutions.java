package io.tapline.jobs.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The executions this worker launched, so that a graceful shutdown can stop them at a step
 * boundary instead of leaving them half-run. Stopping works through the job repository, as Spring
 * Batch's {@code JobOperator.stop} does: the execution is marked STOPPING, the running step sees it
 * at its next commit and ends STOPPED, and so does the job. A STOPPED execution restarts at the
 * step that was stopped; one that did not stop within the grace is left to the next start's
 * recovery ({@link AbandonedExecutions}).
 */
public final class LocalExecutions {
  private static final Logger log = LoggerFactory.getLogger(LocalExecutions.class);
  private static final long POLL_MILLIS = 100;

  private final JobExplorer explorer;
  private final JobRepository repository;
  private final Set<Long> launched = ConcurrentHashMap.newKeySet();

  public LocalExecutions(JobExplorer explorer, JobRepository repository) {
    this.explorer = explorer;
    this.repository = repository;
  }

  void launched(JobExecution execution) {
    if (execution.getStatus().isRunning()) {
      launched.add(execution.getId());
    }
  }

  /** The ids of the executions this worker launched that are still running. */
  public List<Long> running() {
    List<Long> out = new ArrayList<>();
    for (Long id : launched) {
      JobExecution e = explorer.getJobExecution(id);
      if (e != null && e.getStatus().isRunning()) {
        out.add(id);
      } else {
        launched.remove(id);
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Asks every execution this worker runs to stop, then waits up to {@code grace} for them to
   * stop at a step boundary.
   *
   * @return the ids still running when the grace ran out (empty when all stopped)
   */
  public List<Long> stopAll(Duration grace) throws InterruptedException {
    try {
      return stopAndWait(grace);
    } catch (RuntimeException e) {
      // The repository is gone already: nothing more to do here; the next start recovers them.
      log.warn("shutting down: could not stop the job executions of this worker ({}); the next "
          + "start's recovery fails and resumes them", e.toString());
      return List.copyOf(launched);
    }
  }

  private List<Long> stopAndWait(Duration grace) throws InterruptedException {
    List<Long> running = running();
    if (running.isEmpty()) {
      return running;
    }
    for (Long id : running) {
      JobExecution e = explorer.getJobExecution(id);
      if (e != null && e.getStatus().isRunning() && e.getStatus() != BatchStatus.STOPPING) {
        e.setStatus(BatchStatus.STOPPING);
        repository.update(e);
        log.info("shutting down: job execution {} of {} ({}) asked to stop at a step boundary",
            id, e.getJobInstance().getJobName(), e.getJobParameters());
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!(running = running()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    if (running.isEmpty()) {
      log.info("shutting down: every job execution of this worker stopped; the next start "
          + "resumes them");
    } else {
      log.warn("shutting down: job executions {} did not stop within {}; the next start's "
          + "recovery fails and resumes them", running, grace);
    }
    return running;
  }
}
