package io.tapline.jobs.webhook;

import java.time.Instant;

/**
 * One event for one subscription, as kept in the outbox.
 *
 * @param id sent as {@code Tapline-Delivery-Id}, the same on every attempt: receivers de-duplicate
 *     with it
 * @param lastStatusCode the receiver's last HTTP status, or 0 if it never answered
 */
public record Delivery(
    String id,
    String eventId,
    String subscriptionId,
    String applicationId,
    String eventType,
    String payload,
    int attempts,
    Instant nextAttemptAt,
    Status status,
    int lastStatusCode,
    String lastError) {

  public enum Status {
    PENDING,
    DELIVERED,
    FAILED
  }
}
