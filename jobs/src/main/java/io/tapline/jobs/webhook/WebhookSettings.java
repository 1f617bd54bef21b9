package io.tapline.jobs.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Delivery of webhooks.
 *
 * @param pollInterval how often the outbox is checked for due deliveries
 * @param batchSize deliveries claimed per poll
 * @param requestTimeout the time a receiver has to answer; longer counts as a failed attempt
 * @param claimLease how long a claimed delivery is hidden from other dispatchers; if this node dies
 *     mid-delivery it becomes due again after it (must exceed the request timeout)
 */
public record WebhookSettings(
    Duration pollInterval,
    int batchSize,
    Duration requestTimeout,
    Duration claimLease,
    BackoffPolicy backoff) {

  public WebhookSettings {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(claimLease, "claimLease");
    Objects.requireNonNull(backoff, "backoff");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (claimLease.compareTo(requestTimeout) <= 0) {
      throw new IllegalArgumentException(
          "claimLease " + claimLease + " must exceed requestTimeout " + requestTimeout);
    }
  }

  public static WebhookSettings defaults() {
    return new WebhookSettings(
        Duration.ofSeconds(1),
        20,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        BackoffPolicy.defaults());
  }
}
