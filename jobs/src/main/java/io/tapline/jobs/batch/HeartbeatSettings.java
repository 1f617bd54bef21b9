package io.tapline.jobs.batch;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How this worker shows it is alive and finds the executions of workers that are not.
 *
 * @param interval how often each execution running here beats (and stale ones are looked for)
 * @param timeout an execution of another worker whose last beat is older than this is failed
 *     and restarted here; zero turns recovery off (beats are still written). At least twice the
 *     interval; the workers' clocks must agree to well within it (NTP)
 * @param nodeId this worker's name in the heartbeat rows
 * @param retention heartbeat rows (of executions and of nodes) silent for longer than this are
 *     deleted: they belong to nodes long dead. At least twice the timeout and the interval
 */
public record HeartbeatSettings(Duration interval, Duration timeout, String nodeId,
    Duration retention) {
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

  public HeartbeatSettings(Duration interval, Duration timeout, String nodeId) {
    this(interval, timeout, nodeId, DEFAULT_RETENTION);
  }

  public HeartbeatSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive, got " + interval);
    }
    if (timeout.isNegative() || (!timeout.isZero() && timeout.compareTo(interval.multipliedBy(2))
        < 0)) {
      throw new IllegalArgumentException("heartbeat timeout must be 0 (off) or at least twice "
          + "the interval (" + interval + "), got " + timeout);
    }
    Objects.requireNonNull(retention, "retention");
    if (retention.compareTo(timeout.multipliedBy(2)) < 0
        || retention.compareTo(interval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("heartbeat retention must be at least twice the timeout "
          + "(" + timeout + ") and the interval (" + interval + "), got " + retention);
    }
    if (nodeId == null || nodeId.isBlank()) {
      nodeId = defaultNodeId();
    }
    if (nodeId.length() > 128) {
      throw new IllegalArgumentException("node id longer than 128 characters: " + nodeId);
    }
  }

  /** {@code pid@host} of this JVM plus a random suffix (a restarted JVM is another node). */
  static String defaultNodeId() {
    String name = ManagementFactory.getRuntimeMXBean().getName();
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    return id.length() > 128 ? id.substring(id.length() - 128) : id;
  }
}
