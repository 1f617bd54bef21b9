package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceLatchTest {
  static final long MS = 1_000_000;
  final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5000);
  final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 6000);

  @Test
  void firstPacketLatchesAndOthersAreRefusedWhileItIsLive() {
    SourceLatch latch = new SourceLatch(null, 1000 * MS);
    assertNull(latch.admit(a, 1, 0));
    assertEquals(1, latch.epoch());
    assertNull(latch.admit(a, 1, 500 * MS));
    assertEquals(DropReasons.WRONG_SOURCE, latch.admit(b, 1, 900 * MS));
    assertEquals(DropReasons.UNKNOWN_SSRC, latch.admit(a, 2, 1200 * MS));
    assertEquals(1, latch.epoch());
    assertEquals(1, latch.ssrc());
  }

  @Test
  void aSilentPublisherCanBeTakenOverByItsRestart() {
    SourceLatch latch = new SourceLatch(null, 1000 * MS);
    latch.admit(a, 1, 0);
    assertNull(latch.admit(b, 2, 1001 * MS));
    assertEquals(2, latch.epoch());
    assertEquals(b, latch.source());
    assertEquals(DropReasons.WRONG_SOURCE, latch.admit(a, 1, 1002 * MS));
  }

  @Test
  void anAnnouncedSsrcIsEnforcedAlways() {
    SourceLatch latch = new SourceLatch(7L, 10 * MS);
    assertEquals(DropReasons.UNKNOWN_SSRC, latch.admit(a, 8, 0));
    assertNull(latch.admit(a, 7, 0));
    assertEquals(DropReasons.UNKNOWN_SSRC, latch.admit(b, 8, 1000 * MS));
    assertNull(latch.admit(b, 7, 1000 * MS));
  }
}
