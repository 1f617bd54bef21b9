package io.tapline.jobs.schedule;

import java.time.Instant;

/**
 * Triggers an occurrence sets for itself: a stop, or another start attempt. Both are idempotent
 * (same arguments, one trigger), since a re-run of a job may ask again.
 */
public interface FollowUps {
  void scheduleStop(String scheduleId, Instant plannedStart, Instant at);

  void scheduleStartRetry(String scheduleId, Instant plannedStart, Instant at);
}
