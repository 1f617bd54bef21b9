package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.pipeline.tools.Fixtures;
import io.tapline.pipeline.tools.PcapImport;
import io.tapline.pipeline.tools.PipelineDemo;
import io.tapline.pipeline.tools.SegmentDump;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapline segment dump|pcap} on the pipeline's real capture (GStreamer VP8 with RTCP sender
 * reports, fixtures/segtools-vp8-opus.pcap) turned into a segment file, and on a recording
 * directory; the pcap is read back with the pipeline's reader and, when installed, tshark.
 */
class CliSegmentIT {
  @TempDir Path dir;

  /** The capture's VP8 stream as a segment file (the fixture is read from the test-jar as a stream). */
  private Path videoSegment() throws IOException {
    Path pcap = dir.resolve("capture.pcap");
    try (InputStream in = Fixtures.class.getResourceAsStream(Fixtures.CAPTURE)) {
      Files.copy(in, pcap);
    }
    Path seg = dir.resolve("cam.tseg");
    PcapImport.importSegment(pcap, PcapImport.Selection.ports(5004, 5005), Fixtures.videoHeader(), seg);
    return seg;
  }

  @Test
  void dumpShowsTheFirstPacketsAndWhereItStopped() throws Exception {
    Path seg = videoSegment();
    List<SegmentRecord> records = SegmentReader.readAll(seg).records();
    assertEquals(Fixtures.VIDEO_RTP_PACKETS + Fixtures.VIDEO_RTCP_PACKETS, records.size());

    CliRun r = CliRun.run("segment", "dump", seg.toString(), "--packets", "4");
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(2 + 4 + 1, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("header {") && lines.get(0).contains("\"codec\":\"VP8\""), lines.get(0));
    for (int i = 0; i < 4; i++) {
      assertEquals(SegmentDump.line(records.get(i)), lines.get(2 + i));
    }
    assertTrue(lines.get(2).contains("RTP   pt=96") && lines.get(2).contains("ssrc=0x11223344"), lines.get(2));
    assertEquals("stopped after 4 records (more follow at offset " + records.get(4).fileOffset() + ")", lines.get(6));

    CliRun all = CliRun.run("segment", "dump", seg.toString());
    assertEquals(0, all.code(), all.toString());
    assertEquals(records.size() + 3, all.out().lines().count());
    assertTrue(all.out().endsWith("tail clean: " + Files.size(seg) + " bytes, " + records.size() + " records\n"),
        all.out());
  }

  @Test
  void pcapOfASegmentHoldsEveryRtpAndRtcpPacket() throws Exception {
    Path seg = videoSegment();
    Path pcap = dir.resolve("cam.pcap");
    CliRun r = CliRun.run("segment", "pcap", seg.toString(), "-o", pcap.toString(), "--base-port", "7000");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("cam +0x11223344 +95 +7000 +6 +7001 +1 +0")), r.out());
    assertTrue(r.out().contains("wrote " + pcap + ": 101 packets, 1 track(s)"), r.out());

    List<UdpDatagram> datagrams = PcapReader.readAll(pcap);
    assertEquals(Fixtures.VIDEO_RTP_PACKETS, datagrams.stream().filter(d -> d.destinationPort() == 7000).count());
    assertEquals(Fixtures.VIDEO_RTCP_PACKETS, datagrams.stream().filter(d -> d.destinationPort() == 7001).count());
    List<SegmentRecord> records = SegmentReader.readAll(seg).records();
    for (int i = 0; i < records.size(); i++) {
      assertEquals(java.util.HexFormat.of().formatHex(records.get(i).data()),
          java.util.HexFormat.of().formatHex(datagrams.get(i).payload()), "datagram " + i);
    }

    if (runs("tshark", "-v")) {
      List<String> streams = run("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==7000,rtp", "-q",
          "-z", "rtp,streams");
      assertTrue(streams.stream().anyMatch(l -> l.contains("0x11223344") && l.matches(".*\\s95\\s+0\\s.*")),
          String.join("\n", streams));
    }
  }

  @Test
  void pcapOfARecordingHasOneFlowPerTrack() throws Exception {
    Path rec = dir.resolve("rec");
    PipelineDemo.Summary s = PipelineDemo.record(rec, new PipelineDemo.Options(3, 1, 1_795_000_000_000_000L));
    Path pcap = dir.resolve("rec.pcap");
    CliRun r = CliRun.run("segment", "pcap", rec.toString(), "-o", pcap.toString(), "--link", "raw");
    assertEquals(0, r.code(), r.toString());
    List<UdpDatagram> datagrams = PcapReader.readAll(pcap);
    assertEquals(s.rtpPackets() + s.rtcpPackets(), datagrams.size());
    assertEquals(List.of(5004, 5005, 5006, 5007),
        datagrams.stream().map(UdpDatagram::destinationPort).distinct().sorted().toList());
    assertTrue(r.out().contains("wrote " + pcap + ": " + datagrams.size() + " packets, 2 track(s)"), r.out());
  }

  private static boolean runs(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<String> run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
    assertEquals(0, p.exitValue());
    return new ArrayList<>(out.lines().toList());
  }
}
