package io.tapline.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.pcap.PcapLinkType;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exports checked the way people check them: with tshark. */
class PcapExportIT {
  @TempDir Path dir;

  @BeforeAll
  static void needsTshark() {
    Assumptions.assumeTrue(runs("tshark", "-v"), "tshark is not installed");
  }

  /** One line of {@code -z rtp,streams}: dst port, SSRC, packets, lost, and whether Problems? says X. */
  record Stream(int port, long ssrc, int packets, int lost, boolean problem) {}

  private static final Pattern STREAM = Pattern.compile(
      "\\s*\\S+\\s+\\S+\\s+\\S+\\s+\\d+\\s+\\S+\\s+(\\d+)\\s+0x([0-9a-fA-F]+)\\s+\\S+\\s+(\\d+)\\s+(-?\\d+)\\s+\\(.*\\)(.*)");

  static List<Stream> rtpStreams(Path pcap, int... rtpPorts) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
    for (int p : rtpPorts) {
      cmd.addAll(List.of("-d", "udp.port==" + p + ",rtp", "-d", "udp.port==" + (p + 1) + ",rtcp"));
    }
    cmd.addAll(List.of("-q", "-z", "rtp,streams"));
    List<Stream> streams = new ArrayList<>();
    for (String line : run(cmd)) {
      Matcher m = STREAM.matcher(line);
      if (m.matches()) {
        streams.add(new Stream(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2), 16),
            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), m.group(5).contains("X")));
      }
    }
    return streams;
  }

  @ParameterizedTest
  @EnumSource(PcapLinkType.class)
  void tsharkSeesTheStreamWithEveryPacket(PcapLinkType linkType) throws Exception {
    Path seg = Fixtures.videoSegment(dir);
    Path pcap = dir.resolve("cam.pcap");
    PcapExport.exportSegment(seg, pcap, PcapExport.Options.defaults().withBasePort(7000).withLinkType(linkType));
    List<Stream> streams = rtpStreams(pcap, 7000);
    assertEquals(List.of(new Stream(7000, Fixtures.VIDEO_SSRC, Fixtures.VIDEO_RTP_PACKETS, 0, false)), streams);
    // the sender reports decode as RTCP SR from the same SSRC
    List<String> srs = run(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==7001,rtcp",
        "-Y", "rtcp.pt == 200", "-T", "fields", "-e", "rtcp.senderssrc"));
    assertEquals(Fixtures.VIDEO_RTCP_PACKETS, srs.size(), String.join("\n", srs));
    assertTrue(srs.stream().allMatch(s -> s.trim().equals("0x11223344") || s.trim().equals("287454020")), srs.toString());
    // no malformed frames or expert errors
    List<String> errors = run(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==7000,rtp",
        "-d", "udp.port==7001,rtcp", "-Y", "_ws.malformed || _ws.expert.severity >= error"));
    assertTrue(errors.isEmpty(), String.join("\n", errors));
  }

  @Test
  void dumpAgreesWithTsharkFieldByField() throws Exception {
    Path seg = Fixtures.audioSegment(dir);
    Path pcap = dir.resolve("mic.pcap");
    PcapExport.exportSegment(seg, pcap, PcapExport.Options.defaults());
    List<String> fields = run(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==5004,rtp",
        "-Y", "rtp", "-T", "fields", "-E", "separator=,", "-e", "rtp.p_type", "-e", "rtp.seq", "-e", "rtp.timestamp",
        "-e", "rtp.marker", "-e", "frame.time_epoch"));
    List<String> fromDump = new ArrayList<>();
    for (SegmentRecord r : SegmentReader.readAll(seg).records()) {
      String line = SegmentDump.line(r);
      Matcher m = Pattern.compile("pt=(\\d+) seq=(\\d+) ts=(\\d+) ssrc=\\S+( M)?").matcher(line);
      if (m.find()) {
        fromDump.add(m.group(1) + "," + m.group(2) + "," + m.group(3) + "," + (m.group(4) != null ? "1" : "0") + ","
            + r.arrivalMicros() / 1_000_000 + "." + String.format("%06d", r.arrivalMicros() % 1_000_000));
      }
    }
    List<String> fromTshark = fields.stream().map(l -> l.replaceAll("000$", "").replace("True", "1")
        .replace("False", "0")).toList();
    assertEquals(Fixtures.AUDIO_RTP_PACKETS, fromDump.size());
    assertEquals(fromDump, fromTshark);
  }

  @Test
  void recordingExportListsOneStreamPerTrack() throws Exception {
    Path rec = dir.resolve("rec");
    PipelineDemo.Summary s = PipelineDemo.record(rec, new PipelineDemo.Options(4, 2, 1_795_000_000_000_000L));
    Path pcap = dir.resolve("rec.pcap");
    PcapExport.Result r = PcapExport.exportRecording(rec, pcap, PcapExport.Options.defaults().withBasePort(8000));
    Manifest m = new RecordingDirectory(rec).readManifest();
    assertEquals(m.tracks().size(), r.tracks().size());
    List<Stream> streams = rtpStreams(pcap, 8000, 8002);
    assertEquals(2, streams.size(), streams.toString());
    for (int i = 0; i < 2; i++) {
      var t = m.tracks().get(i);
      long packets = t.segments().stream().mapToLong(e -> e.rtpPackets()).sum();
      Stream st = streams.stream().filter(x -> x.ssrc() == t.ssrc()).findFirst().orElseThrow();
      assertEquals(8000 + 2 * i, st.port());
      assertEquals(packets, st.packets());
      assertEquals(0, st.lost());
      assertFalse(st.problem(), st.toString());
    }
    assertEquals(s.rtpPackets() + s.rtcpPackets(), r.packets());
  }

  static boolean runs(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static List<String> run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
    assertEquals(0, p.exitValue(), "exit code of " + cmd);
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
