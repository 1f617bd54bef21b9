package io.tapline.storage.object;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff for requests to the object store. The budget is in time rather than attempts
 * because what matters is how long an outage we ride through (a restarting MinIO, a 10 s network
 * cut) before giving up.
 *
 * @param initialBackoff wait before the first retry
 * @param maxBackoff cap on a single wait
 * @param giveUpAfter total time after the first failure past which no retry starts
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(2));
  /** For tests that want the first failure to surface. */
  public static final RetryPolicy NONE =
      new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be > 0");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
    }
    if (giveUpAfter.isNegative()) {
      throw new IllegalArgumentException("giveUpAfter must be >= 0");
    }
  }

  /** The wait before retry number {@code attempt} (1-based): doubles, capped at maxBackoff. */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    long initial = initialBackoff.toMillis();
    int shift = Math.min(attempt - 1, 30);
    long millis = initial > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : initial << shift;
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
