package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node heartbeats, liveness, and the purge of rows of nodes long silent, on H2. */
class HeartbeatPurgeTest {
  private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
  private final MovingClock clock = new MovingClock(T0);
  private ExecutionHeartbeats executions;
  private NodeHeartbeats nodes;

  @BeforeEach
  void database() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:purge" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    ExecutionHeartbeats.createTable(ds);
    NodeHeartbeats.createTable(ds);
    NodeHeartbeats.createTable(ds); // twice: already there
    executions = new ExecutionHeartbeats(ds);
    nodes = new NodeHeartbeats(ds);
  }

  @Test
  void eachTickBeatsTheNodeAndDeletesRowsSilentLongerThanTheRetention() {
    // recovery off (timeout 0): nothing else would ever remove a dead node's execution rows
    HeartbeatMonitor monitor = monitor(Duration.ZERO, Duration.ofMinutes(30));
    executions.beat(1, "dead", T0.minus(Duration.ofHours(2)));
    executions.beat(2, "alive", T0.minus(Duration.ofMinutes(5)));
    nodes.beat("dead", T0.minus(Duration.ofHours(2)));
    nodes.beat("alive", T0.minus(Duration.ofMinutes(5)));

    monitor.tick();

    assertTrue(executions.find(1).isEmpty(), "an execution row silent for 2 h is deleted");
    assertTrue(executions.find(2).isPresent(), "one silent for 5 min is kept");
    assertEquals(Optional.empty(), nodes.last("dead"));
    assertEquals(Optional.of(T0.minus(Duration.ofMinutes(5))), nodes.last("alive"));
    assertEquals(Optional.of(T0), nodes.last("me"), "the node beat");

    clock.now = T0.plus(Duration.ofMinutes(27)); // "alive" has been silent for 32 min
    assertEquals(2, monitor.purgeSilent(), "its node and execution rows");
    assertTrue(executions.find(2).isEmpty());
    assertEquals(Optional.of(T0), nodes.last("me"), "silent 27 min: kept");
  }

  @Test
  void silentExecutionsAreLookedForOnlyAfterTheStartUpRecovery() {
    java.util.concurrent.atomic.AtomicInteger looked = new java.util.concurrent.atomic.AtomicInteger();
    org.springframework.batch.core.explore.JobExplorer explorer =
        (org.springframework.batch.core.explore.JobExplorer) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {org.springframework.batch.core.explore.JobExplorer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("findRunningJobExecutions")) {
                looked.incrementAndGet();
                return java.util.Set.of();
              }
              throw new UnsupportedOperationException(method.getName());
            });
    HeartbeatMonitor monitor = new HeartbeatMonitor(executions, nodes, explorer, null, e -> { },
        new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofMinutes(1), "me", Duration.ofHours(1)),
        clock, new SimpleMeterRegistry());

    monitor.tick();
    assertEquals(0, looked.get(), "before startRecovering the node only beats");
    assertEquals(Optional.of(T0), nodes.last("me"));

    monitor.startRecovering();
    monitor.tick();
    assertEquals(BatchJobs.NAMES.size(), looked.get(), "then every job's running executions");
  }

  @Test
  void aNodeIsAliveWhileItBeatsWithinTheTimeout() {
    HeartbeatMonitor monitor = monitor(Duration.ofMinutes(1), Duration.ofHours(1));
    nodes.beat("other", T0.minusSeconds(30));
    nodes.beat("gone", T0.minusSeconds(61));

    assertTrue(monitor.isAlive("me"), "this node, even before its first beat");
    assertTrue(monitor.isAlive("other"));
    assertFalse(monitor.isAlive("gone"));
    assertFalse(monitor.isAlive("never-seen"));
    assertTrue(monitor(Duration.ZERO, Duration.ofHours(1)).isAlive("gone"),
        "recovery off: nothing is taken over");
  }

  @Test
  void theRetentionIsAtLeastTwiceTheTimeout() {
    assertThrows(IllegalArgumentException.class, () -> new HeartbeatSettings(
        Duration.ofSeconds(10), Duration.ofMinutes(1), "n", Duration.ofSeconds(90)));
    assertEquals(HeartbeatSettings.DEFAULT_RETENTION, new HeartbeatSettings(
        Duration.ofSeconds(10), Duration.ofMinutes(1), "n").retention());
  }

  private HeartbeatMonitor monitor(Duration timeout, Duration retention) {
    // no explorer: with recovery off the tick never looks for running executions
    return new HeartbeatMonitor(executions, nodes, null, null, e -> { },
        new HeartbeatSettings(Duration.ofSeconds(10), timeout, "me", retention), clock,
        new SimpleMeterRegistry());
  }

  private static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
