package io.tapline.pipeline.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SdesItem;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtcp.SourceDescription;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpSenderStreamTest {
  @Test
  void packetsAreNumberedConsecutivelyAcrossTheWrapWithTheFramesTimestamp() throws Exception {
    // find a seed whose initial sequence number is close to the wrap
    RtpSenderStream s = null;
    for (int seed = 0; s == null; seed++) {
      RtpSenderStream c = new RtpSenderStream(0xabcdef01L, 111, 48000, "a@b", new Random(seed));
      int first = RtpPacket.parse(c.packets(0, List.of(new byte[1]), false).get(0)).sequenceNumber();
      if (first >= 0xfff0) {
        s = c;
      }
    }
    int previous = -1;
    long ts0 = s.timestamp(0);
    for (int frame = 1; frame <= 30; frame++) {
      List<byte[]> rtp = s.packets(frame * 960L, List.of(new byte[10], new byte[20]), true);
      for (int i = 0; i < rtp.size(); i++) {
        RtpPacket p = RtpPacket.parse(rtp.get(i));
        if (previous >= 0) {
          assertEquals((previous + 1) & 0xffff, p.sequenceNumber());
        }
        previous = p.sequenceNumber();
        assertEquals((ts0 + frame * 960L) & 0xffffffffL, p.timestamp());
        assertEquals(111, p.payloadType());
        assertEquals(0xabcdef01L, p.ssrc());
        assertEquals(i == 1, p.marker());
      }
    }
    assertEquals(1 + 60, s.packetCount());
    assertEquals(1 + 30 * 30, s.octetCount());
  }

  @Test
  void senderReportMapsTheWallClockToTheStreamsTimestampWithCountsAndCname() throws Exception {
    RtpSenderStream s = new RtpSenderStream(42, 96, 90000, "alice-cam@demo", new Random(3));
    s.packets(0, List.of(new byte[100], new byte[50]), true);
    long wall = 1_795_000_000_123_456L;
    List<RtcpPacket> rtcp = RtcpCompound.parse(s.senderReport(wall, 4500));
    assertEquals(2, rtcp.size());
    SenderReport sr = assertInstanceOf(SenderReport.class, rtcp.get(0));
    assertEquals(42, sr.ssrc());
    assertEquals(s.timestamp(4500), sr.rtpTimestamp());
    assertEquals(wall, NtpTime.toUnixMicros(sr.ntpTimestamp()), 1.0);
    assertEquals(2, sr.packetCount());
    assertEquals(150, sr.octetCount());
    SourceDescription sdes = assertInstanceOf(SourceDescription.class, rtcp.get(1));
    assertEquals("alice-cam@demo", sdes.chunks().get(0).item(SdesItem.CNAME).orElseThrow().text());
  }

  @Test
  void seededStreamsAreReproducibleAndTimestampsWrap() {
    RtpSenderStream a = new RtpSenderStream(1, 96, 90000, "x", new Random(9));
    RtpSenderStream b = new RtpSenderStream(1, 96, 90000, "x", new Random(9));
    assertArrayEquals(a.packets(0, List.of(new byte[] {5}), true).get(0),
        b.packets(0, List.of(new byte[] {5}), true).get(0));
    long far = 0x1_0000_0000L + 5;
    assertEquals((a.timestamp(0) + 5) & 0xffffffffL, a.timestamp(far));
    assertTrue(a.timestamp(far) <= 0xffffffffL);
  }
}
