package io.tapline.jobs.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries from the outbox: a signed POST each, 2xx is delivered, anything else (an
 * error status, a refused connection, a timeout) is retried with backoff until the last attempt,
 * after which the delivery is failed and stays listed in the outbox. A target the {@link
 * WebhookTargetGuard} refuses (its host resolves to a blocked address) fails at once with the
 * reason, without connecting.
 */
public final class WebhookDispatcher {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookOutbox outbox;
  private final SubscriptionDirectory subscriptions;
  private final PinnedHttpClient http;
  private final WebhookSettings settings;
  private final Clock clock;
  private final DoubleSupplier random;

  public WebhookDispatcher(
      WebhookOutbox outbox,
      SubscriptionDirectory subscriptions,
      PinnedHttpClient http,
      WebhookSettings settings,
      Clock clock,
      DoubleSupplier random) {
    this.outbox = outbox;
    this.subscriptions = subscriptions;
    this.http = http;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
  }

  /** One round: claims the due deliveries and attempts each once. Returns how many it attempted. */
  public int dispatchDue() {
    List<Delivery> due =
        outbox.claimDue(clock.instant(), settings.batchSize(), settings.claimLease());
    for (Delivery delivery : due) {
      attempt(delivery);
    }
    return due.size();
  }

  private void attempt(Delivery delivery) {
    int attempts = delivery.attempts() + 1;
    Optional<WebhookSubscription> subscription = subscriptions.find(delivery.subscriptionId());
    if (subscription.isEmpty()) {
      outbox.markFailed(delivery.id(), attempts, 0, "subscription was deleted", clock.instant());
      return;
    }
    Outcome outcome = send(delivery, subscription.get());
    Instant now = clock.instant();
    if (outcome.blocked()) {
      outbox.markFailed(delivery.id(), attempts, 0, outcome.error(), now);
      log.warn("delivery {} to {} refused: {}", delivery.id(), subscription.get().url(), outcome.error());
      return;
    }
    if (outcome.interrupted()) {
      // Shutting down: not the receiver's failure, so the attempt does not count.
      outbox.scheduleRetry(delivery.id(), delivery.attempts(), now, 0, "interrupted", now);
      return;
    }
    if (outcome.statusCode() >= 200 && outcome.statusCode() < 300) {
      outbox.markDelivered(delivery.id(), attempts, outcome.statusCode(), now);
      log.debug(
          "delivery {} ({}) delivered on attempt {}",
          delivery.id(),
          delivery.eventType(),
          attempts);
    } else if (settings.backoff().retriesAfter(attempts)) {
      Instant next = now.plus(settings.backoff().delayAfter(attempts, random));
      outbox.scheduleRetry(
          delivery.id(), attempts, next, outcome.statusCode(), outcome.error(), now);
      log.info(
          "delivery {} to {} failed (attempt {}: {}); next attempt at {}",
          delivery.id(),
          subscription.get().url(),
          attempts,
          outcome.error(),
          next);
    } else {
      outbox.markFailed(delivery.id(), attempts, outcome.statusCode(), outcome.error(), now);
      log.warn(
          "delivery {} to {} failed after {} attempts: {}",
          delivery.id(),
          subscription.get().url(),
          attempts,
          outcome.error());
    }
  }

  private Outcome send(Delivery delivery, WebhookSubscription subscription) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(WebhookSignature.DELIVERY_ID_HEADER, delivery.id());
    headers.put(WebhookSignature.EVENT_TYPE_HEADER, delivery.eventType());
    headers.put(
        WebhookSignature.SIGNATURE_HEADER,
        WebhookSignature.header(subscription.secret(), clock.instant(), body));
    try {
      int status = http.post(subscription.url(), headers, body);
      return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, false, false);
    } catch (BlockedTargetException e) {
      return new Outcome(0, "blocked: " + e.getMessage(), false, true);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return new Outcome(0, "interrupted", true, false);
      }
      return new Outcome(0, e.getClass().getSimpleName() + ": " + e.getMessage(), false, false);
    } catch (IOException e) {
      if (e.getCause() instanceof BlockedTargetException b) {
        return new Outcome(0, "blocked: " + b.getMessage(), false, true);
      }
      return new Outcome(0, e.getClass().getSimpleName() + ": " + e.getMessage(), false, false);
    }
  }

  private record Outcome(int statusCode, String error, boolean interrupted, boolean blocked) {}
}
