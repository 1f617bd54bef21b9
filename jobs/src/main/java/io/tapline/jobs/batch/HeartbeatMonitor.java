package io.tapline.jobs.batch;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.batch.core.explore.JobExplorer;

/**
 * Cluster recovery. Every {@code interval}, each execution running on this worker beats (its
 * {@link ExecutionHeartbeats} row), and any running execution of another worker whose last beat
 * (or, without one, its last repository update) is older than {@code timeout} is taken over: one
 * worker wins the claim, marks it FAILED ("abandoned") and launches its job again with the same
 * parameters, which resumes at the step that was interrupted. The node itself beats too ({@link
 * NodeHeartbeats}: whether it is alive, with or without jobs), and rows of either table silent for
 * longer than {@code retention} are deleted (nodes long dead).
 *
 * <p>Taking over starts only once {@link #startRecovering()} is called, after this node's start-up
 * recovery ({@link AbandonedExecutions}) has failed what a previous run of this node left running
 * and before it resumes anything: otherwise a slow start (longer than the timeout) lets the first
 * round restart an execution the start-up resume launches too, and two run at once.
 *
 * <p>Registered as a listener on every batch job, so it knows what runs here.
 */
public final class HeartbeatMonitor implements JobExecutionListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatMonitor.class);

  /** Launches a failed execution's job again (the batch jobs' async launcher). */
  @FunctionalInterface
  public interface Restarter {
    void restart(JobExecution failed);
  }

  private final ExecutionHeartbeats beats;
  private final NodeHeartbeats nodes;
  private final JobExplorer explorer;
  private final AbandonedExecutions abandoned;
  private final Restarter restarter;
  private final HeartbeatSettings settings;
  private final Clock clock;
  private final Set<Long> local = ConcurrentHashMap.newKeySet();
  private final Counter recovered;
  private ScheduledExecutorService timer;
  private volatile boolean recovering; // off until this node's own start-up recovery is done

  public HeartbeatMonitor(ExecutionHeartbeats beats, NodeHeartbeats nodes, JobExplorer explorer,
      AbandonedExecutions abandoned, Restarter restarter, HeartbeatSettings settings,
      Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
    this.beats = beats;
    this.nodes = nodes;
    this.explorer = explorer;
    this.abandoned = abandoned;
    this.restarter = restarter;
    this.settings = settings;
    this.clock = clock;
    this.recovered = Counter.builder("tapline.jobs.batch.recovered")
        .description("executions of dead workers failed and restarted here").register(meters);
  }

  @Override
  public void beforeJob(JobExecution execution) {
    local.add(execution.getId());
    beats.beat(execution.getId(), settings.nodeId(), clock.instant());
  }

  @Override
  public void afterJob(JobExecution execution) {
    local.remove(execution.getId());
    beats.remove(execution.getId());
  }

  /** Starts beating and looking for stale executions every interval. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tapline-heartbeat");
      t.setDaemon(true);
      return t;
    });
    try {
      nodes.beat(settings.nodeId(), clock.instant());
    } catch (RuntimeException e) {
      log.warn("node {}: first heartbeat failed (retried next interval): {}", settings.nodeId(),
          e.getMessage());
    }
    long ms = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    log.info("node {}: heartbeat every {}, executions silent for {} are recovered",
        settings.nodeId(), settings.interval(),
        settings.timeout().isZero() ? "(never: recovery off)" : settings.timeout());
  }

  /** From now on, executions of silent workers are taken over (until then this node only beats). */
  public void startRecovering() {
    recovering = true;
  }

  /** Stops beating (a worker that stops is, to the others, a dead one). */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  void tick() {
    try {
      nodes.beat(settings.nodeId(), clock.instant());
      beatAll();
      if (recovering && !settings.timeout().isZero()) {
        recoverStale();
      }
      purgeSilent();
    } catch (RuntimeException e) {
      log.warn("heartbeat round failed (retried next interval): {}", e.getMessage());
    }
  }

  /** Beats for every execution running here. */
  void beatAll() {
    Instant now = clock.instant();
    for (Long id : local) {
      if (!beats.beat(id, settings.nodeId(), now)) {
        log.error("execution {} was taken over by another worker (this one missed its "
            + "heartbeats): its work here is a duplicate", id);
      }
    }
  }

  /**
   * Fails and restarts the running executions of other workers silent for longer than the
   * timeout.
   *
   * @return the ids of the executions taken over
   */
  public List<Long> recoverStale() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.timeout());
    List<Long> taken = new ArrayList<>();
    for (String name : BatchJobs.NAMES) {
      for (JobExecution e : explorer.findRunningJobExecutions(name)) {
        if (local.contains(e.getId())) {
          continue;
        }
        Optional<ExecutionHeartbeats.Beat> beat = beats.find(e.getId());
        Instant last = beat.map(ExecutionHeartbeats.Beat::at)
            .orElseGet(() -> AbandonedExecutions.lastUpdated(e));
        if (!last.isBefore(cutoff) || !beats.claim(e.getId(), beat, settings.nodeId(), now)) {
          continue;
        }
        String from = beat.map(ExecutionHeartbeats.Beat::nodeId).orElse("a worker without "
            + "heartbeats");
        log.warn("execution {} of {} ({}) on {} silent since {} (timeout {}): failing it and "
            + "restarting here on {}", e.getId(), name, e.getJobParameters(), from, last,
            settings.timeout(), settings.nodeId());
        abandoned.fail(e);
        beats.remove(e.getId());
        recovered.increment();
        taken.add(e.getId());
        try {
          restarter.restart(e);
        } catch (RuntimeException ex) {
          log.error("could not restart {} {}: {}", name, e.getJobParameters(), ex.getMessage());
        }
      }
    }
    return taken;
  }

  /**
   * Deletes heartbeat rows (executions and nodes) silent for longer than the retention.
   *
   * @return how many rows were deleted
   */
  public int purgeSilent() {
    Instant cutoff = clock.instant().minus(settings.retention());
    int n = beats.removeSilentSince(cutoff) + nodes.removeSilentSince(cutoff);
    if (n > 0) {
      log.info("deleted {} heartbeat row(s) silent since before {} (retention {})", n, cutoff,
          settings.retention());
    }
    return n;
  }

  /** This worker's name in heartbeat rows. */
  public String nodeId() {
    return settings.nodeId();
  }

  /**
   * Whether {@code nodeId} beat within the timeout: this node always is; with recovery off
   * (timeout 0) every node counts as alive, so nothing of theirs is taken over.
   */
  public boolean isAlive(String nodeId) {
    if (nodeId.equals(settings.nodeId()) || settings.timeout().isZero()) {
      return true;
    }
    Instant cutoff = clock.instant().minus(settings.timeout());
    return nodes.last(nodeId).map(at -> !at.isBefore(cutoff)).orElse(false);
  }

  /** Executions running on this worker now. */
  public Set<Long> local() {
    return Set.copyOf(local);
  }

  Duration timeout() {
    return settings.timeout();
  }
}
