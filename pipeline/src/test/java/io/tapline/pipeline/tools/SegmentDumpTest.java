package io.tapline.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.segment.SegmentFormat;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentDumpTest {
  @TempDir Path dir;

  @Test
  void dumpsHeaderEveryRecordAndTail() throws Exception {
    Path seg = Fixtures.videoSegment(dir);
    StringBuilder out = new StringBuilder();
    long n = SegmentDump.dump(seg, out);
    List<String> lines = out.toString().lines().toList();
    assertEquals(Fixtures.VIDEO_RTP_PACKETS + Fixtures.VIDEO_RTCP_PACKETS, n);
    assertEquals(n + 3, lines.size()); // header, column titles, records, tail
    assertTrue(lines.get(0).startsWith("header {"), lines.get(0));
    assertTrue(lines.get(0).contains("\"codec\":\"VP8\""), lines.get(0));
    assertTrue(lines.get(0).contains("\"ssrc\":287454020"), lines.get(0));
    assertTrue(!lines.get(0).contains("\"video\":"), "no derived properties in the header: " + lines.get(0));
    assertEquals("tail clean: " + Files.size(seg) + " bytes, " + n + " records", lines.get(lines.size() - 1));

    List<SegmentRecord> records = SegmentReader.readAll(seg).records();
    SegmentRecord first = records.get(0);
    byte[] p = first.data();
    // fields read straight from the RFC 3550 header bytes, not through RtpPacket
    int seq = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    long ts = ((long) (p[4] & 0xff) << 24) | ((p[5] & 0xff) << 16) | ((p[6] & 0xff) << 8) | (p[7] & 0xff);
    String line = lines.get(2);
    assertTrue(line.startsWith(String.format("%8d  ", first.fileOffset())), line);
    assertTrue(line.contains(SegmentDump.isoMicros(first.arrivalMicros()) + "  " + first.arrivalMicros()), line);
    assertTrue(line.contains("RTP   pt=96 seq=" + seq + " ts=" + ts + " ssrc=0x11223344"), line);
    assertTrue(line.endsWith(" ext=[3]"), line);
    assertTrue(lines.stream().anyMatch(l -> l.contains("RTCP  len=80 packets=[SR, SDES]")), out.toString());
    // VP8 frames end with a marker bit: at least one per frame (30 frames)
    assertEquals(30, lines.stream().filter(l -> l.contains(" M len=")).count());
  }

  @Test
  void stopsAfterTheRequestedNumberOfRecords() throws Exception {
    Path seg = Fixtures.videoSegment(dir);
    List<SegmentRecord> records = SegmentReader.readAll(seg).records();
    StringBuilder out = new StringBuilder();
    try (SegmentReader reader = SegmentReader.open(seg)) {
      assertEquals(5, SegmentDump.dump(reader, out, 5));
    }
    List<String> lines = out.toString().lines().toList();
    assertEquals(2 + 5 + 1, lines.size(), out.toString());
    for (int i = 0; i < 5; i++) {
      assertEquals(SegmentDump.line(records.get(i)), lines.get(2 + i));
    }
    assertEquals("stopped after 5 records (more follow at offset " + records.get(5).fileOffset() + ")",
        lines.get(lines.size() - 1));

    // a limit at or above the record count changes nothing
    StringBuilder all = new StringBuilder();
    try (SegmentReader reader = SegmentReader.open(seg)) {
      assertEquals(records.size(), SegmentDump.dump(reader, all, records.size()));
    }
    StringBuilder unlimited = new StringBuilder();
    SegmentDump.dump(seg, unlimited);
    assertEquals(unlimited.toString(), all.toString());
  }

  @Test
  void isoTimeHasSixFractionDigits() {
    assertEquals("2023-11-14T22:13:20.000001Z", SegmentDump.isoMicros(1_700_000_000_000_001L));
    assertEquals("1969-12-31T23:59:59.999999Z", SegmentDump.isoMicros(-1));
  }

  @Test
  void reportsACutTail() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.videoSegment(dir));
    byte[] cut = Arrays.copyOf(file, file.length - 100);
    StringBuilder out = new StringBuilder();
    long n = SegmentDump.dump(new SegmentReader(new ByteArrayInputStream(cut)), out);
    assertEquals(Fixtures.VIDEO_RTP_PACKETS + Fixtures.VIDEO_RTCP_PACKETS - 1, n);
    String last = out.toString().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("tail damaged (segment.truncated): "), last);
  }

  @Test
  void describesDamagedPacketsInsteadOfSkippingThem() {
    assertTrue(SegmentDump.rtpDetails(new byte[] {0x40, 0, 0, 0}).startsWith("malformed (rtp.truncated"));
    // SR (PT 200) whose length claims 7 words in a 12-byte datagram
    byte[] rtcp = {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0};
    assertEquals("len=12 packets=[SR] malformed (length overflows at 0)", SegmentDump.rtcpDetails(rtcp));
    byte[] twoByteExt = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0x10, 0x00, 0, 2, 5, 1, 9, 7, 2, 0, 0, 0, 1};
    assertTrue(SegmentDump.rtpDetails(twoByteExt).endsWith("ext=[5, 7]"), SegmentDump.rtpDetails(twoByteExt));
    assertEquals(SegmentFormat.RECORD_HEADER_LENGTH, 16);
  }
}
