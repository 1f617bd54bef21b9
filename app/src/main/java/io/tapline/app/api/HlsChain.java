package io.tapline.app.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.api.CompositionRequests.Stored;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.JobStatus;
import io.tapline.jobs.batch.PostProcessRequest;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.IndexDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an HLS request's two jobs one after the other: COMPOSE of its MP4 source, then, once that
 * composition is stored, PACKAGE_HLS of it. The request row remembers when the packaging was
 * launched, so a sweep every {@code interval} (and every look at the request) moves waiting chains
 * on, also after a restart; launching is idempotent (a job instance per request).
 */
public final class HlsChain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HlsChain.class);
  static final int SWEEP_BATCH = 100;

  private final CompositionRequests requests;
  private final IndexDatabase index;
  private final BatchJobs jobs;
  private final Clock clock;
  private final Duration interval;
  private final Counter packagingLaunched;
  private ScheduledExecutorService timer;

  public HlsChain(CompositionRequests requests, IndexDatabase index, BatchJobs jobs, Clock clock, Duration interval,
      MeterRegistry meters) {
    this.requests = requests;
    this.index = index;
    this.jobs = jobs;
    this.clock = clock;
    this.interval = interval;
    this.packagingLaunched = Counter.builder("tapline.api.hls.packaging.launched")
        .description("HLS packaging jobs launched after their source composition was stored").register(meters);
  }

  public synchronized void start() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hls-chain");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /**
   * Launches what an HLS request needs next. With {@code retry} (a new POST) a failed step is
   * launched again (Spring Batch resumes it); without, a failed step is left failed.
   */
  public void advance(Stored s, boolean retry) {
    PostProcessRequest compose = PostProcessRequest.compose(s.recordingId(), s.request());
    PostProcessRequest packaging = s.hls().packaging(s.recordingId(), s.request());
    if (stored(s.request().compositionId(s.recordingId()))) {
      Optional<JobStatus> p = jobs.postProcessStatus(packaging);
      if (p.isEmpty() || (retry && failed(p.get()))) {
        jobs.launchPostProcess(packaging);
        log.info("HLS {}: source composition stored, packaging launched", s.compositionId());
        packagingLaunched.increment();
      }
      if (s.hlsLaunchedAt() == null) {
        requests.packagingLaunched(s.compositionId(), clock.instant());
      }
      return;
    }
    Optional<JobStatus> c = jobs.postProcessStatus(compose);
    if (c.isEmpty() || (retry && failed(c.get()))) {
      jobs.launchPostProcess(compose);
      log.info("HLS {}: composing its source {}", s.compositionId(), s.request().compositionId(s.recordingId()));
    }
  }

  /** Moves on every HLS request still waiting for its source; returns how many it looked at. */
  public int sweep() {
    int n = 0;
    for (Stored s : requests.awaitingPackaging(SWEEP_BATCH)) {
      n++;
      try {
        advance(s, false);
      } catch (RuntimeException e) {
        log.warn("HLS {}: could not move on: {}", s.compositionId(), e.toString());
      }
    }
    return n;
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("HLS sweep failed: {}", e.toString());
    }
  }

  private boolean stored(String compositionId) {
    return index.recordings().composition(compositionId)
        .map(c -> c.status() == CompositionStatus.AVAILABLE).orElse(false);
  }

  static boolean failed(JobStatus j) {
    return switch (j.status()) {
      case "FAILED", "STOPPED", "ABANDONED", "UNKNOWN" -> true;
      default -> false;
    };
  }
}
