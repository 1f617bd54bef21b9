package io.tapline.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a recording's event log.
 *
 * @param seq 1-based position in the log; strictly increasing
 * @param timeMicros wall-clock time of the event, microseconds since the Unix epoch
 * @param type what happened
 * @param participantId who it concerns, or null
 * @param trackId which track it concerns, or null
 * @param attributes further details (e.g. {@code name} of a participant, {@code layout}), never null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestEvent(
    long seq, long timeMicros, EventType type, String participantId, String trackId, Map<String, String> attributes) {

  public ManifestEvent {
    Objects.requireNonNull(type, "type");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public String attribute(String name) {
    return attributes.get(name);
  }
}
