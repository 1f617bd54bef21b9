package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetransmitBudgetTest {
  static final long MS = 1_000_000;

  @Test
  void boundsBytesPerSecondWithABurstOfAHundredMilliseconds() {
    RetransmitBudget b = new RetransmitBudget();
    long rate = 100_000; // bytes/s: a 10 000-byte burst
    int taken = 0;
    long now = 0;
    // one second of NACKs asking for 1000-byte packets every millisecond
    for (int i = 0; i < 1000; i++) {
      if (b.take(1000, rate, now)) {
        taken++;
      }
      now += MS;
    }
    // the start (1500) and a burst (10 000) at most on top of 1 s x 100 000 bytes/s
    assertTrue(taken >= 100 && taken <= 112, "taken " + taken);
  }

  @Test
  void refusesWhenEmptyAndRefillsWithTime() {
    RetransmitBudget b = new RetransmitBudget();
    assertTrue(b.take(1500, 15_000, 0));
    assertFalse(b.take(1500, 15_000, 0));
    assertFalse(b.take(1500, 15_000, 50 * MS), "750 bytes after 50 ms");
    assertTrue(b.take(1500, 15_000, 100 * MS));
  }

  @Test
  void aPacketLargerThanTheBurstAtALowRateStillFitsTheMinimumBurst() {
    RetransmitBudget b = new RetransmitBudget();
    assertTrue(b.take(1200, 1000, 0));
    assertEquals(false, b.take(1200, 1000, 10 * MS));
  }
}
