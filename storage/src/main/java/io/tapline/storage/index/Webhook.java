package io.tapline.storage.index;

import java.time.Instant;
import java.util.Set;

/** A webhook subscription; {@code secret} signs deliveries. */
public record Webhook(String id, String url, String secret, Set<String> eventTypes,
    boolean active, Instant createdAt) {
  public Webhook {
    eventTypes = Set.copyOf(eventTypes);
  }
}
