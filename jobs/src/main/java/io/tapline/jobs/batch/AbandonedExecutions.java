package io.tapline.jobs.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.repository.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executions left "running" in the job repository by a worker that died (kill -9, power loss).
 * Spring Batch refuses to restart an instance whose last execution still looks alive, so these are
 * marked FAILED (with their running steps); the next launch with the same parameters then resumes
 * at the step that was interrupted.
 */
public final class AbandonedExecutions {
  private static final Logger log = LoggerFactory.getLogger(AbandonedExecutions.class);
  static final String EXIT_DESCRIPTION = "abandoned: its worker stopped while it ran";

  private final JobExplorer explorer;
  private final JobRepository repository;
  private final Clock clock;

  public AbandonedExecutions(JobExplorer explorer, JobRepository repository, Clock clock) {
    this.explorer = explorer;
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Fails every running execution of {@code jobNames} not updated for {@code staleAfter} (zero:
   * every running one, for a single worker at start-up, before it runs anything).
   *
   * @return the ids of the executions failed
   */
  public List<Long> recover(Set<String> jobNames, Duration staleAfter) {
    Instant cutoff = clock.instant().minus(staleAfter);
    List<Long> failed = new ArrayList<>();
    for (String name : jobNames) {
      for (JobExecution e : explorer.findRunningJobExecutions(name)) {
        LocalDateTime touched = e.getLastUpdated() != null ? e.getLastUpdated()
            : e.getCreateTime();
        Instant last = latest(e, touched);
        if (!staleAfter.isZero() && last.isAfter(cutoff)) {
          continue;
        }
        fail(e);
        failed.add(e.getId());
      }
    }
    return failed;
  }

  /** When the repository last saw the execution or one of its steps updated. */
  static Instant lastUpdated(JobExecution e) {
    return latest(e, e.getLastUpdated() != null ? e.getLastUpdated() : e.getCreateTime());
  }

  private static Instant latest(JobExecution e, LocalDateTime jobTouched) {
    Instant last = instant(jobTouched);
    for (StepExecution s : e.getStepExecutions()) {
      if (s.getLastUpdated() != null && instant(s.getLastUpdated()).isAfter(last)) {
        last = instant(s.getLastUpdated());
      }
    }
    return last;
  }

  /** Marks a running execution and its running steps FAILED ("abandoned"). */
  void fail(JobExecution e) {
    LocalDateTime now = LocalDateTime.now(clock);
    for (StepExecution s : e.getStepExecutions()) {
      if (s.getStatus().isRunning()) {
        s.setStatus(BatchStatus.FAILED);
        s.setExitStatus(ExitStatus.FAILED.addExitDescription(EXIT_DESCRIPTION));
        s.setEndTime(now);
        repository.update(s);
      }
    }
    e.setStatus(BatchStatus.FAILED);
    e.setExitStatus(ExitStatus.FAILED.addExitDescription(EXIT_DESCRIPTION));
    e.setEndTime(now);
    repository.update(e);
    log.warn("job execution {} of {} ({}) was abandoned by a dead worker: marked FAILED",
        e.getId(), e.getJobInstance().getJobName(), e.getJobParameters());
  }

  private static Instant instant(LocalDateTime t) {
    return t == null ? Instant.EPOCH : t.atZone(ZoneId.systemDefault()).toInstant();
  }
}
