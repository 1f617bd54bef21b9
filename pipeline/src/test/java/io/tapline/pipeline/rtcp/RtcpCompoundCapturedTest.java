package io.tapline.pipeline.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.testing.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RTCP from real senders; expected values are what tshark 4 decodes from the same captures. */
class RtcpCompoundCapturedTest {
  private static final long GST_SENDER = 0xc8804823L;
  private static final long GST_RECEIVER = 0xbc1019f5L;

  @Test
  void rtpbinSenderAndReceiverReports() throws Exception {
    List<UdpDatagram> datagrams = Fixtures.datagrams("rtcp-rtpbin.pcap");
    assertEquals(7, datagrams.size());
    int srs = 0;
    int rrs = 0;
    int byes = 0;
    for (UdpDatagram d : datagrams) {
      List<RtcpPacket> packets = RtcpCompound.parse(d.payload());
      assertTrue(packets.get(0) instanceof SenderReport || packets.get(0) instanceof ReceiverReport);
      SourceDescription sdes = assertInstanceOf(SourceDescription.class, packets.get(1));
      assertEquals(1, sdes.chunks().size());
      SdesChunk chunk = sdes.chunks().get(0);
      assertEquals("GStreamer", chunk.item(SdesItem.TOOL).orElseThrow().text());
      if (packets.get(0) instanceof SenderReport sr) {
        srs++;
        assertEquals(GST_SENDER, sr.ssrc());
        assertEquals(GST_SENDER, chunk.ssrc());
        assertEquals("user1512683557@host-9c7210f", chunk.item(SdesItem.CNAME).orElseThrow().text());
      } else {
        rrs++;
        ReceiverReport rr = (ReceiverReport) packets.get(0);
        assertEquals(GST_RECEIVER, rr.ssrc());
        assertEquals("user921195729@host-f413d385", chunk.item(SdesItem.CNAME).orElseThrow().text());
      }
      if (packets.size() == 3) {
        Bye bye = assertInstanceOf(Bye.class, packets.get(2));
        assertEquals(List.of(GST_SENDER), bye.ssrcs());
        byes++;
      }
      // Our writer produces the very bytes GStreamer sent.
      assertArrayEquals(d.payload(), RtcpCompound.toBytes(packets));
    }
    assertEquals(3, srs);
    assertEquals(4, rrs);
    assertEquals(1, byes);
  }

  @Test
  void everyTruncationOfCapturedCompoundsIsACountedRejection() {
    // Cutting a real compound anywhere but between packets must give a reason, never a crash.
    DropCounters drops = new DropCounters();
    int accepted = 0;
    for (String fixture : List.of("rtcp-rtpbin.pcap", "rtcp-gst-twcc.pcap")) {
      for (UdpDatagram d : Fixtures.datagrams(fixture)) {
        byte[] full = d.payload();
        for (int cut = 0; cut < full.length; cut++) {
          try {
            RtcpCompound.parse(full, 0, cut);
            accepted++; // a cut at a packet boundary is a shorter, valid compound
          } catch (MalformedPacketException e) {
            drops.count(e);
          }
        }
      }
    }
    assertTrue(accepted > 0);
    assertTrue(drops.get("rtcp.length") > 0, drops.toString());
    assertTrue(drops.get("rtcp.truncated") > 0, drops.toString());
    assertTrue(Set.of("rtcp.length", "rtcp.truncated").containsAll(drops.snapshot().keySet()), drops.toString());
  }

  @Test
  void senderReportFieldsMatchTshark() throws Exception {
    SenderReport sr = (SenderReport) RtcpCompound.parse(Fixtures.datagrams("rtcp-rtpbin.pcap").get(1).payload()).get(0);
    assertEquals((4004462224L << 32) | 3874094860L, sr.ntpTimestamp());
    assertEquals(1161042356L, sr.rtpTimestamp());
    assertEquals(0, sr.reports().size());
  }

  @Test
  void receiverReportBlockMatchesTshark() throws Exception {
    byte[] compound = Fixtures.datagrams("rtcp-rtpbin.pcap").get(3).payload();
    ReceiverReport rr = (ReceiverReport) RtcpCompound.parse(compound).get(0);
    assertEquals(1, rr.reports().size());
    ReportBlock block = rr.reports().get(0);
    assertEquals(GST_SENDER, block.ssrc());
    assertEquals(32526, block.extendedHighestSequence());
  }

  @Test
  void ffmpegSenderReport() throws Exception {
    List<UdpDatagram> datagrams = Fixtures.datagrams("rtcp-ffmpeg-opus.pcap");
    assertEquals(1, datagrams.size());
    List<RtcpPacket> packets = RtcpCompound.parse(datagrams.get(0).payload());
    // ffmpeg 5.1 sends a bare SR (28 bytes, no SDES).
    assertEquals(1, packets.size());
    SenderReport sr = assertInstanceOf(SenderReport.class, packets.get(0));
    assertEquals(0x121a5062L, sr.ssrc());
    assertEquals((4004462246L << 32) | 867583393L, sr.ntpTimestamp());
    assertEquals(374960324L, sr.rtpTimestamp());
    assertEquals(0, sr.packetCount()); // its first SR goes out before any packet is counted
    assertEquals(0, sr.reports().size());
    assertArrayEquals(datagrams.get(0).payload(), RtcpCompound.toBytes(packets));
  }

  @Test
  void gstreamerTransportCcFeedback() throws Exception {
    List<UdpDatagram> datagrams = Fixtures.datagrams("rtcp-gst-twcc.pcap");
    // Frame 3 as tshark shows it: base 0, 14 packets in one run-length chunk, reference time 16.
    TransportCcFeedback first = assertInstanceOf(TransportCcFeedback.class,
        RtcpCompound.parse(datagrams.get(2).payload()).get(0));
    assertEquals(0x3d35e17bL, first.senderSsrc());
    assertEquals(0xa6cd39a0L, first.mediaSsrc());
    assertEquals(0, first.baseSequenceNumber());
    assertEquals(14, first.packetCount());
    assertEquals(16, first.referenceTime());
    assertEquals(0, first.feedbackCount());
    int[] expectedDeltas = {0xf3, 1, 8, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0};
    for (int i = 0; i < 14; i++) {
      assertEquals(TransportCcFeedback.SMALL_DELTA, first.status(i));
      assertEquals(expectedDeltas[i], first.delta(i), "delta " + i);
    }
    assertEquals(16 * 64_000 + 0xf3 * 250, first.receiveTimesMicros()[0]);

    int feedbacks = 0;
    int nextBase = -1;
    for (UdpDatagram d : datagrams) {
      for (RtcpPacket p : RtcpCompound.parse(d.payload())) {
        if (p instanceof TransportCcFeedback t) {
          feedbacks++;
          assertEquals(feedbacks - 1, t.feedbackCount()); // the fb packet count increments by one
          if (nextBase >= 0) {
            assertEquals(nextBase, t.baseSequenceNumber()); // feedbacks tile the sequence space
          }
          nextBase = (t.baseSequenceNumber() + t.packetCount()) & 0xffff;
          // Rewriting and parsing again keeps every status and delta.
          assertEquals(t, RtcpCompound.parse(RtcpCompound.toBytes(List.of(t))).get(0));
        }
      }
    }
    assertTrue(feedbacks > 100, feedbacks + " feedbacks");
  }
}
