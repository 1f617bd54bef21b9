package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutionHeartbeatsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
  private ExecutionHeartbeats beats;

  @BeforeEach
  void database() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:hb" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    ExecutionHeartbeats.createTable(ds);
    ExecutionHeartbeats.createTable(ds); // twice: already there
    beats = new ExecutionHeartbeats(ds);
  }

  @Test
  void aNodeBeatsForItsExecutionsAndLosesThemOnceClaimed() {
    assertTrue(beats.beat(7, "a", T0));
    assertTrue(beats.beat(7, "a", T0.plusSeconds(10)));
    var seen = beats.find(7).orElseThrow();
    assertEquals(new ExecutionHeartbeats.Beat("a", T0.plusSeconds(10)), seen);

    // two nodes find it stale with the same view: one wins
    assertTrue(beats.claim(7, Optional.of(seen), "b", T0.plusSeconds(90)));
    assertFalse(beats.claim(7, Optional.of(seen), "c", T0.plusSeconds(90)));
    assertEquals("b", beats.find(7).orElseThrow().nodeId());
    // the old owner comes back: its beat no longer counts, the row stays b's
    assertFalse(beats.beat(7, "a", T0.plusSeconds(91)));
    assertEquals(new ExecutionHeartbeats.Beat("b", T0.plusSeconds(90)), beats.find(7).get());

    beats.remove(7);
    assertTrue(beats.find(7).isEmpty());
  }

  @Test
  void anExecutionWithoutAHeartbeatIsClaimedOnce() {
    assertTrue(beats.claim(9, Optional.empty(), "b", T0));
    assertFalse(beats.claim(9, Optional.empty(), "c", T0));
  }

  @Test
  void settingsRefuseATimeoutShorterThanTwoBeats() {
    assertThrows(IllegalArgumentException.class, () -> new HeartbeatSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(15), "n"));
    assertThrows(IllegalArgumentException.class, () -> new HeartbeatSettings(Duration.ZERO,
        Duration.ZERO, "n"));
    assertEquals(Duration.ZERO, new HeartbeatSettings(Duration.ofSeconds(1), Duration.ZERO, "n")
        .timeout());
    assertFalse(new HeartbeatSettings(Duration.ofSeconds(1), Duration.ZERO, " ").nodeId()
        .isBlank(), "a default node id");
  }
}
