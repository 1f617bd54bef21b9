package io.tapline.jobs.webhook;

import io.tapline.jobs.event.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** An application's request to receive some event types at a URL, signed with its secret. */
public record WebhookSubscription(
    String id,
    String applicationId,
    URI url,
    Set<EventType> eventTypes,
    String secret,
    Instant createdAt) {

  public WebhookSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    eventTypes = Set.copyOf(eventTypes);
    if (eventTypes.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one event type");
    }
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("webhook URL must be http or https, got " + url);
    }
  }

  public boolean wants(EventType type) {
    return eventTypes.contains(type);
  }

  @Override
  public String toString() {
    // Never log the secret.
    return "WebhookSubscription["
        + id
        + ", "
        + applicationId
        + ", "
        + url
        + ", "
        + eventTypes
        + "]";
  }
}
