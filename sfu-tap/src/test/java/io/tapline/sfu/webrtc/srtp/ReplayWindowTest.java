package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.sfu.webrtc.srtp.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  @Test
  void acceptsReorderedInsideTheWindowOnce() {
    ReplayWindow w = new ReplayWindow(128);
    w.accept(1000);
    assertEquals(Verdict.NEW, w.check(1000 - 127));
    assertEquals(Verdict.TOO_OLD, w.check(1000 - 128));
    w.accept(990);
    assertEquals(Verdict.REPLAYED, w.check(990));
    assertEquals(Verdict.NEW, w.check(991));
    assertEquals(Verdict.REPLAYED, w.check(1000));
  }

  @Test
  void slidingForwardForgetsOldSlots() {
    ReplayWindow w = new ReplayWindow(64);
    w.accept(10);
    w.accept(74); // slot of 10 reused: must read as too old, not as replayed
    assertEquals(Verdict.TOO_OLD, w.check(10));
    assertEquals(Verdict.NEW, w.check(73));
    w.accept(1_000_000); // a jump larger than the window clears it
    assertEquals(Verdict.NEW, w.check(1_000_000 - 63));
    assertEquals(Verdict.REPLAYED, w.check(1_000_000));
  }

  @Test
  void rejectsSizesBelowTheRfcMinimum() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(32));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(100));
  }
}
