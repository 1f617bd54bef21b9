package io.tapline.jobs.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: {@code initialDelay * multiplier^(n-1)} after the n-th
 * failed attempt, capped at {@code maxDelay}, minus a random part of up to {@code jitter} of it so
 * that receivers coming back from an outage are not hit by every retry at once.
 *
 * @param maxAttempts attempts in all, the first included; after the last the delivery is failed
 */
public record BackoffPolicy(
    Duration initialDelay, double multiplier, Duration maxDelay, double jitter, int maxAttempts) {

  public BackoffPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
    if (jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** 10 s, 20 s, 40 s ... up to 6 h; 12 attempts span about a day. */
  public static BackoffPolicy defaults() {
    return new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofHours(6), 0.2, 12);
  }

  /** Whether another attempt follows the {@code attemptsMade}-th failure. */
  public boolean retriesAfter(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * The delay after the {@code attemptsMade}-th failed attempt (1 for the first).
   *
   * @param random a source of values in [0, 1)
   */
  public Duration delayAfter(int attemptsMade, DoubleSupplier random) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attemptsMade must be at least 1, got " + attemptsMade);
    }
    double base = initialDelay.toMillis() * Math.pow(multiplier, attemptsMade - 1);
    double capped = Math.min(base, maxDelay.toMillis());
    double jittered = capped * (1.0 - jitter * random.getAsDouble());
    return Duration.ofMillis(Math.max(1, Math.round(jittered)));
  }
}
