package io.tapline.jobs.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps the follow-ups an occurrence asked for, for assertions. */
final class RecordingFollowUps implements FollowUps {
  record FollowUp(String kind, String scheduleId, Instant plannedStart, Instant at) {}

  final List<FollowUp> requested = new ArrayList<>();

  @Override
  public void scheduleStop(String scheduleId, Instant plannedStart, Instant at) {
    requested.add(new FollowUp("stop", scheduleId, plannedStart, at));
  }

  @Override
  public void scheduleStartRetry(String scheduleId, Instant plannedStart, Instant at) {
    requested.add(new FollowUp("retry", scheduleId, plannedStart, at));
  }
}
