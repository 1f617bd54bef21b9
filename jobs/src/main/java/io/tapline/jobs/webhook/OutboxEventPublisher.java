package io.tapline.jobs.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an event by queueing one delivery per matching subscription in the outbox. When it
 * returns the deliveries are stored; the dispatcher sends them.
 */
public final class OutboxEventPublisher implements EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(OutboxEventPublisher.class);

  private final SubscriptionDirectory subscriptions;
  private final WebhookOutbox outbox;
  private final ObjectMapper json;
  private final Clock clock;

  public OutboxEventPublisher(
      SubscriptionDirectory subscriptions, WebhookOutbox outbox, ObjectMapper json, Clock clock) {
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void publish(Event event) {
    String payload = payload(event);
    int queued = 0;
    for (WebhookSubscription subscription :
        subscriptions.matching(event.applicationId(), event.type())) {
      if (outbox.enqueue(
          event.id(), subscription, event.type().wireName(), payload, clock.instant())) {
        queued++;
      }
    }
    log.debug("event {} {} queued for {} subscriptions", event.type(), event.id(), queued);
  }

  /** The body receivers get: the event with its wire-named type and ISO-8601 time. */
  String payload(Event event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", event.id());
    body.put("type", event.type().wireName());
    body.put("applicationId", event.applicationId());
    body.put("occurredAt", event.occurredAt().toString());
    body.put("data", event.data());
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "event " + event.id() + " data is not serializable as JSON", e);
    }
  }
}
