package io.tapline.jobs.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * The Quartz scheduler of this node.
 *
 * @param schedulerName shared by every node of a cluster (it partitions the Quartz tables)
 * @param instanceId unique per node; {@code AUTO} lets Quartz derive one from host and time
 * @param clustered nodes on one database share the triggers, each firing runs on one node; needs a
 *     database every node reaches (PostgreSQL)
 * @param idleWaitTime how long an idle node sleeps before looking for triggers set by other nodes
 */
public record QuartzSettings(
    String schedulerName,
    String instanceId,
    boolean clustered,
    int threadCount,
    Duration clusterCheckinInterval,
    Duration idleWaitTime,
    Duration misfireThreshold) {

  public QuartzSettings {
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(instanceId, "instanceId");
    positive(clusterCheckinInterval, "clusterCheckinInterval");
    positive(idleWaitTime, "idleWaitTime");
    positive(misfireThreshold, "misfireThreshold");
    if (idleWaitTime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "idleWaitTime must be at least 1s (Quartz's minimum), got " + idleWaitTime);
    }
    if (threadCount < 1) {
      throw new IllegalArgumentException("threadCount must be at least 1, got " + threadCount);
    }
  }

  public static QuartzSettings defaults() {
    return new QuartzSettings(
        "tapline",
        "AUTO",
        false,
        4,
        Duration.ofMillis(7500),
        Duration.ofSeconds(10),
        Duration.ofMinutes(1));
  }

  public QuartzSettings withCluster(
      String instanceId, Duration checkinInterval, Duration idleWait) {
    return new QuartzSettings(
        schedulerName, instanceId, true, threadCount, checkinInterval, idleWait, misfireThreshold);
  }

  public QuartzSettings withSchedulerName(String name) {
    return new QuartzSettings(
        name,
        instanceId,
        clustered,
        threadCount,
        clusterCheckinInterval,
        idleWaitTime,
        misfireThreshold);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
