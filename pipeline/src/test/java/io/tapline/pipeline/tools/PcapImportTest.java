package io.tapline.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapImportTest {
  @TempDir Path dir;

  @Test
  void takesOneStreamByPortsWithItsSenderReports() throws Exception {
    Path seg = dir.resolve("cam.tseg");
    PcapImport.Result r =
        PcapImport.importSegment(Fixtures.capture(), PcapImport.Selection.ports(5004, 5005), Fixtures.videoHeader(), seg);
    assertEquals(Fixtures.VIDEO_SSRC, r.ssrc());
    assertEquals(Fixtures.VIDEO_RTP_PACKETS, r.rtpPackets());
    assertEquals(Fixtures.VIDEO_RTCP_PACKETS, r.rtcpPackets());
    assertEquals(Map.of(), r.drops());

    SegmentContents c = SegmentReader.readAll(seg);
    assertTrue(c.tail().clean());
    assertEquals(Fixtures.VIDEO_SSRC, c.header().ssrc());
    assertEquals("VP8", c.header().codec());
    assertEquals(c.records().get(0).arrivalMicros(), c.header().firstPacketMicros());
    // same bytes and times, in capture order, as the datagrams sent to those ports
    List<UdpDatagram> expected = PcapReader.readAll(Fixtures.capture()).stream()
        .filter(d -> d.destinationPort() == 5004 || d.destinationPort() == 5005).toList();
    assertEquals(expected.size(), c.records().size());
    for (int i = 0; i < expected.size(); i++) {
      SegmentRecord rec = c.records().get(i);
      assertArrayEquals(expected.get(i).payload(), rec.data());
      assertEquals(expected.get(i).timeMicros(), rec.arrivalMicros());
      assertEquals(expected.get(i).destinationPort() == 5004 ? RecordType.RTP : RecordType.RTCP, rec.type());
    }
  }

  @Test
  void selectsBySsrcAcrossAllPortsAndCountsTheRest() throws Exception {
    Path seg = dir.resolve("mic.tseg");
    PcapImport.Result r = PcapImport.importSegment(Fixtures.capture(),
        PcapImport.Selection.any().withSsrc(Fixtures.AUDIO_SSRC), Fixtures.audioHeader(), seg);
    assertEquals(Fixtures.AUDIO_RTP_PACKETS, r.rtpPackets());
    assertEquals(Fixtures.AUDIO_RTCP_PACKETS, r.rtcpPackets());
    assertEquals(Map.of("import.other_ssrc", (long) Fixtures.VIDEO_RTP_PACKETS + Fixtures.VIDEO_RTCP_PACKETS), r.drops());
    for (SegmentRecord rec : SegmentReader.readAll(seg).records()) {
      if (rec.type() == RecordType.RTP) {
        assertEquals(111, RtpPacket.parse(rec.data()).payloadType());
      }
    }
  }

  @Test
  void locksOntoTheFirstSsrcWhenTwoStreamsShareThePorts() throws Exception {
    PcapImport.Result r = PcapImport.importSegment(Fixtures.capture(), PcapImport.Selection.any(),
        Fixtures.audioHeader(), dir.resolve("first.tseg"));
    // the capture starts with an Opus packet
    assertEquals(Fixtures.AUDIO_SSRC, r.ssrc());
    assertEquals(Fixtures.AUDIO_RTP_PACKETS, r.rtpPackets());
  }

  @Test
  void classifiesByRfc5761AndRejectsNonRtp() {
    byte[] stun = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (byte) 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        io.tapline.pipeline.packet.MalformedPacketException.class, () -> PcapImport.classify(stun, 1));
    assertEquals("import.not_rtp", e.reason());
    byte[] rtcpApp = {(byte) 0x80, (byte) 204, 0, 2, 0, 0, 0, 1, 'n', 'a', 'm', 'e'};
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> assertEquals(RecordType.RTCP, PcapImport.classify(rtcpApp, 1)));
  }
}
