package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.sfu.testing.RtpBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  RtpPacket forward(Subscription s, int seq, long ts, int epoch, long now) throws Exception {
    byte[] b = new RtpBuilder().seq(seq).ts(ts).ssrc(1).build();
    assertTrue(s.rewrite(b, 0, seq, ts, epoch, now, false));
    return RtpPacket.parse(b);
  }

  @Test
  void startsAtTheInitialValuesAndWrapsCleanly() throws Exception {
    Subscription s = new Subscription("bob", 0xabc, null, null, false, 90000, 65535, 0xfffffff0L);
    RtpPacket p1 = forward(s, 100, 1000, 1, 0);
    RtpPacket p2 = forward(s, 101, 4000, 1, 0);
    assertEquals(65535, p1.sequenceNumber());
    assertEquals(0, p2.sequenceNumber());
    assertEquals(0xfffffff0L, p1.timestamp());
    assertEquals((0xfffffff0L + 3000) & 0xffffffffL, p2.timestamp());
    assertEquals(0xabc, p2.ssrc());
  }

  @Test
  void aNewEpochContinuesSequenceAndAdvancesTimeByTheWallClock() throws Exception {
    Subscription s = new Subscription("bob", 5, null, null, false, 90000, 10, 0);
    forward(s, 500, 90000, 1, 0);
    RtpPacket last = forward(s, 501, 93000, 1, 0);
    RtpPacket next = forward(s, 7, 123, 2, 500_000_000L); // restart, half a second later
    assertEquals(last.sequenceNumber() + 1, next.sequenceNumber());
    assertEquals(45000, next.timestamp() - last.timestamp());
    assertEquals(next.sequenceNumber() + 1, forward(s, 8, 3123, 2, 0).sequenceNumber());
  }

  @Test
  void latePacketsFromBeforeTheRebaseAreNotSent() throws Exception {
    Subscription s = new Subscription("bob", 5, null, null, false, 90000, 10, 0);
    forward(s, 500, 0, 1, 0);
    byte[] b = new RtpBuilder().seq(499).build();
    assertFalse(s.rewrite(b, 0, 499, 0, 1, 0, false));
    assertEquals(500, s.inputSeq(10));
  }

  @Test
  void senderReportsAreTranslatedOnlyOnceMapped() throws Exception {
    Subscription s = new Subscription("bob", 5, null, null, false, 90000, 10, 7000);
    SenderReport sr = new SenderReport(1, 123L << 32, 1000, 99, 9999, List.of());
    assertNull(s.translate(sr, 1));
    forward(s, 1, 1000, 1, 0);
    s.sent(100, 0);
    SenderReport t = s.translate(sr, 1);
    assertEquals(5, t.ssrc());
    assertEquals(7000, t.rtpTimestamp());
    assertEquals(1, t.packetCount());
    assertEquals(100, t.octetCount());
    assertNull(s.translate(sr, 2), "not for a stream the subscriber has not been re-based onto");
  }
}
