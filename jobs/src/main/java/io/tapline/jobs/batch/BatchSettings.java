package io.tapline.jobs.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How this worker runs batch jobs.
 *
 * @param workDir scratch space: exports, compositions and recordings fetched from storage
 * @param maxConcurrentCompositions compositions rendered at once on this worker; the rest wait
 *     in arrival order
 * @param maxConcurrentJobs jobs launched asynchronously that run at once on this worker
 * @param abandonAfter a running execution not updated for this long belongs to a dead worker and
 *     is failed so that it can restart; zero (one worker) fails every running execution found at
 *     start-up
 * @param defaultApplicationId application events are published for when the conversation's
 *     configuration names none
 * @param shutdownGrace on shutdown, how long to wait for the jobs this worker runs to stop at a
 *     step boundary (they are asked to stop; the next start resumes them)
 */
public record BatchSettings(
    Path workDir,
    int maxConcurrentCompositions,
    int maxConcurrentJobs,
    Duration abandonAfter,
    String defaultApplicationId,
    Duration shutdownGrace) {

  public BatchSettings {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(abandonAfter, "abandonAfter");
    Objects.requireNonNull(defaultApplicationId, "defaultApplicationId");
    if (maxConcurrentCompositions < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentCompositions must be at least 1, got " + maxConcurrentCompositions);
    }
    if (maxConcurrentJobs < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentJobs must be at least 1, got " + maxConcurrentJobs);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must not be negative");
    }
    if (abandonAfter.isNegative()) {
      throw new IllegalArgumentException("abandonAfter must not be negative");
    }
  }

  /** One composition per two cores (an x264 encode keeps about two busy), at least one. */
  public static int defaultCompositions(int cores) {
    return Math.max(1, cores / 2);
  }
}
