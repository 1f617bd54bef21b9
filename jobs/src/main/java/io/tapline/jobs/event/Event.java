package io.tapline.jobs.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened in an application, told to its webhook subscribers.
 *
 * @param id unique per event; every delivery of it carries it so receivers can de-duplicate
 * @param data a flat, JSON-serializable description (ids, times, reasons)
 */
public record Event(
    String id, EventType type, String applicationId, Instant occurredAt, Map<String, Object> data) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    data = Map.copyOf(data);
  }

  /** A new event with a random id. */
  public static Event of(
      EventType type, String applicationId, Instant occurredAt, Map<String, Object> data) {
    return new Event(UUID.randomUUID().toString(), type, applicationId, occurredAt, data);
  }
}
