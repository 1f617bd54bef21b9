package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SentHistoryTest {
  @Test
  void mapsAnOutputSequenceNumberToItsSourcePacketUntilOverwritten() {
    SentHistory h = new SentHistory(16);
    h.sent(65535, 40000, 11, 3, 90000, 5, -2);
    int slot = h.find(65535);
    assertTrue(slot >= 0);
    assertEquals(40000, h.inSeq(slot));
    assertEquals(11, h.ssrc(slot));
    assertEquals(3, h.epoch(slot));
    assertEquals(90000, h.outTimestamp(slot));
    assertEquals(5, h.pidDelta(slot));
    assertEquals(-2, h.tl0Delta(slot));
    assertEquals(-1, h.find(31), "never sent");
    h.sent(31, 1, 22, 4, 0, 0, 0); // same slot: 16 rounds up to 32 slots, 65535 & 31 == 31
    assertEquals(-1, h.find(65535), "overwritten");
  }

  @Test
  void aPacketIsResentOncePerInterval() {
    SentHistory h = new SentHistory(16);
    h.sent(1, 1, 1, 1, 1, 0, 0);
    int slot = h.find(1);
    assertFalse(h.resentWithin(slot, 1_000, 100), "never resent");
    h.resent(slot, 1_000);
    assertTrue(h.resentWithin(slot, 1_050, 100));
    assertFalse(h.resentWithin(slot, 1_100, 100));
    h.sent(1, 1, 1, 1, 1, 0, 0); // sent again (a new packet in that slot): may be resent at once
    assertFalse(h.resentWithin(slot, 1_101, 100));
  }
}
