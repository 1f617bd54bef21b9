package io.tapline.jobs.event;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The events applications can subscribe to, with their wire names. */
public enum EventType {
  CONVERSATION_STARTED("conversation.started"),
  CONVERSATION_ENDED("conversation.ended"),
  PARTICIPANT_JOINED("participant.joined"),
  PARTICIPANT_LEFT("participant.left"),
  RECORDING_STARTED("recording.started"),
  RECORDING_PAUSED("recording.paused"),
  RECORDING_RESUMED("recording.resumed"),
  RECORDING_STOPPED("recording.stopped"),
  RECORDING_READY("recording.ready"),
  RECORDING_FAILED("recording.failed"),
  COMPOSITION_READY("composition.ready"),
  COMPOSITION_FAILED("composition.failed"),
  FILE_UPLOADED("file.uploaded"),
  FILE_DELETED("file.deleted"),
  SCHEDULE_MISSED("schedule.missed");

  private static final Map<String, EventType> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in payloads and subscriptions, e.g. {@code recording.ready}. */
  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static EventType fromWireName(String name) {
    EventType type = BY_WIRE_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown event type '"
              + name
              + "'; known: "
              + BY_WIRE_NAME.keySet().stream().sorted().toList());
    }
    return type;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
