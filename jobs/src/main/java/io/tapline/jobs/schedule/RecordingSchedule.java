package io.tapline.jobs.schedule;

import java.time.Instant;
import java.util.Objects;

/** A stored schedule: its plan and where it stands. */
public record RecordingSchedule(String id, SchedulePlan plan, Status status, Instant createdAt) {

  public enum Status {
    /** Has future starts (or a one-off start not reached yet). */
    ACTIVE,
    /** A one-off schedule whose start has fired (recorded or missed). */
    COMPLETED,
    CANCELLED
  }

  public RecordingSchedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
