package io.tapline.jobs.batch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress of the executions running on this worker, finer than what the job repository
 * records between commits: what an execution is doing now and how far it is.
 */
public final class JobProgress {
  /**
   * @param activity what is being done, e.g. {@code composing rec1-grid-mp4 (2 of 3)}
   * @param fraction of the current activity, 0 to 1
   * @param waiting whether it waits for a composition slot
   */
  public record Snapshot(String activity, double fraction, boolean waiting) {}

  private final Map<Long, Snapshot> byExecution = new ConcurrentHashMap<>();

  public void update(long jobExecutionId, String activity, double fraction, boolean waiting) {
    byExecution.put(jobExecutionId, new Snapshot(activity, fraction, waiting));
  }

  public Optional<Snapshot> get(long jobExecutionId) {
    return Optional.ofNullable(byExecution.get(jobExecutionId));
  }

  public void clear(long jobExecutionId) {
    byExecution.remove(jobExecutionId);
  }
}
