package io.tapline.jobs.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One planned start of a schedule and what became of it. Identified by (schedule id, planned
 * start), so a trigger that fires again for the same planned start finds it and does nothing twice.
 */
public record Occurrence(
    String scheduleId, Instant plannedStart, String recordingId, State state, String detail) {

  public enum State {
    /** The conversation had not begun; waiting up to the join grace. */
    WAITING,
    RECORDING,
    /** The recording was stopped; the finalize job is not launched yet. */
    STOPPED,
    /** Stopped and the finalize job launched: done. */
    FINALIZING,
    MISSED
  }

  /**
   * The recording id of an occurrence, derived from its identity so that every attempt to start it
   * (re-fire, retry while waiting, another cluster node) asks for the same recording.
   */
  public static String recordingIdFor(String scheduleId, Instant plannedStart) {
    String key = "tapline-schedule:" + scheduleId + "@" + plannedStart.toEpochMilli();
    return "rec-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  public Occurrence withState(State newState, String newDetail) {
    return new Occurrence(scheduleId, plannedStart, recordingId, newState, newDetail);
  }
}
