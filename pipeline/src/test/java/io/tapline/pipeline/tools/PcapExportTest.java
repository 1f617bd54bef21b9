package io.tapline.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.pcap.PcapLinkType;
import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapExportTest {
  @TempDir Path dir;

  /** pcap -> segment -> pcap -> segment gives the same records (type, arrival time, bytes). */
  @ParameterizedTest
  @EnumSource(PcapLinkType.class)
  void roundTripKeepsEveryRecord(PcapLinkType linkType) throws Exception {
    Path first = Fixtures.videoSegment(dir);
    Path pcap = dir.resolve("cam.pcap");
    PcapExport.Result exported =
        PcapExport.exportSegment(first, pcap, PcapExport.Options.defaults().withBasePort(6000).withLinkType(linkType));
    assertEquals(Fixtures.VIDEO_RTP_PACKETS, exported.tracks().get(0).rtpPackets());
    assertEquals(Fixtures.VIDEO_RTCP_PACKETS, exported.tracks().get(0).rtcpPackets());
    assertEquals(Fixtures.VIDEO_SSRC, exported.tracks().get(0).ssrc());

    Path second = dir.resolve("again.tseg");
    PcapImport.Result back =
        PcapImport.importSegment(pcap, PcapImport.Selection.ports(6000, 6001), Fixtures.videoHeader(), second);
    assertEquals(Fixtures.VIDEO_RTP_PACKETS, back.rtpPackets());

    SegmentContents a = SegmentReader.readAll(first);
    SegmentContents b = SegmentReader.readAll(second);
    assertEquals(a.header(), b.header());
    assertEquals(a.records().size(), b.records().size());
    for (int i = 0; i < a.records().size(); i++) {
      SegmentRecord x = a.records().get(i);
      SegmentRecord y = b.records().get(i);
      assertEquals(x.type(), y.type(), "record " + i);
      assertEquals(x.arrivalMicros(), y.arrivalMicros(), "record " + i);
      assertArrayEquals(x.data(), y.data(), "record " + i);
      assertEquals(x.fileOffset(), y.fileOffset(), "record " + i);
    }
    assertEquals(java.nio.file.Files.size(first), java.nio.file.Files.size(second));
  }

  @Test
  void rtpAndRtcpGoToAdjacentPorts() throws Exception {
    Path seg = Fixtures.audioSegment(dir);
    Path pcap = dir.resolve("mic.pcap");
    PcapExport.exportSegment(seg, pcap, PcapExport.Options.defaults());
    List<UdpDatagram> out = PcapReader.readAll(pcap);
    List<SegmentRecord> records = SegmentReader.readAll(seg).records();
    assertEquals(records.size(), out.size());
    for (int i = 0; i < out.size(); i++) {
      int port = records.get(i).type() == io.tapline.pipeline.segment.RecordType.RTP ? 5004 : 5005;
      assertEquals(port, out.get(i).destinationPort());
      assertEquals("10.0.0.2", out.get(i).destination());
      assertEquals(records.get(i).arrivalMicros(), out.get(i).timeMicros());
    }
    assertTrue(out.stream().anyMatch(d -> d.destinationPort() == 5005));
  }
}
