package io.tapline.pipeline.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRoundTripTest {
  static final SegmentHeader HEADER =
      new SegmentHeader("rec1", "conv1", "alice", "a-cam", "video", "camera", "VP8", 96, 90000, null, null,
          Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), 0xdeadbeefL, 0, null);

  static byte[] write(int records, long seed) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Random random = new Random(seed);
    try (SegmentWriter w = SegmentWriter.to(bytes, HEADER)) {
      for (int i = 0; i < records; i++) {
        byte[] packet = new byte[12 + random.nextInt(200)];
        random.nextBytes(packet);
        w.append(i % 10 == 9 ? RecordType.RTCP : RecordType.RTP, 1_700_000_000_000_000L + i * 1000L, packet);
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void readsBackEveryRecordWithHeader() throws IOException {
    byte[] file = write(50, 1);
    SegmentContents c = new SegmentReader(new ByteArrayInputStream(file)).readRemaining();
    assertEquals(50, c.records().size());
    assertTrue(c.tail().clean());
    assertEquals(file.length, c.tail().validBytes());
    assertEquals("a-cam", c.header().trackId());
    assertEquals(1_700_000_000_000_000L, c.header().firstPacketMicros());
    assertEquals(Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), c.header().extmap());
    assertEquals(RecordType.RTCP, c.records().get(9).type());
    assertEquals(1_700_000_000_000_000L + 49_000L, c.records().get(49).arrivalMicros());
    Random random = new Random(1);
    byte[] first = new byte[12 + random.nextInt(200)];
    random.nextBytes(first);
    assertArrayEquals(first, c.records().get(0).data());
  }

  @Test
  void fileCutAtAnyByteReadsAllCompleteRecords() throws IOException {
    byte[] file = write(6, 2);
    List<SegmentRecord> all = new SegmentReader(new ByteArrayInputStream(file)).readRemaining().records();
    long headerEnd = all.get(0).fileOffset();
    for (int i = SegmentFormat.MAGIC.length; i < file.length; i++) {
      final int cut = i;
      SegmentContents c = new SegmentReader(new ByteArrayInputStream(Arrays.copyOf(file, cut))).readRemaining();
      int complete = 0;
      for (SegmentRecord r : all) {
        if (r.fileOffset() + SegmentFormat.RECORD_HEADER_LENGTH + r.data().length <= cut) {
          complete++;
        }
      }
      assertEquals(complete, c.records().size(), "cut at " + cut);
      assertEquals(cut < headerEnd, c.header() == null, "header presence at cut " + cut);
      boolean boundary = cut == headerEnd || all.stream()
          .anyMatch(r -> r.fileOffset() + SegmentFormat.RECORD_HEADER_LENGTH + r.data().length == cut);
      assertEquals(boundary, c.tail().clean(), "clean tail at " + cut);
      assertEquals(cut, c.tail().validBytes() + c.tail().damagedBytes(), "bytes accounted at " + cut);
    }
  }

  @Test
  void corruptedRecordStopsReadingWithCrcReason() throws IOException {
    byte[] file = write(5, 3);
    List<SegmentRecord> all = new SegmentReader(new ByteArrayInputStream(file)).readRemaining().records();
    int inThird = (int) all.get(2).fileOffset() + SegmentFormat.RECORD_HEADER_LENGTH + 1;
    file[inThird] ^= 0x40;
    SegmentContents c = new SegmentReader(new ByteArrayInputStream(file)).readRemaining();
    assertEquals(2, c.records().size());
    assertFalse(c.tail().clean());
    assertEquals("segment.crc", c.tail().reason());
    assertEquals(all.get(2).fileOffset(), c.tail().validBytes());
  }

  @Test
  void refusesFilesThatAreNotSegments() {
    SegmentFormatException e = assertThrows(SegmentFormatException.class,
        () -> new SegmentReader(new ByteArrayInputStream("RIFF....WAVEfmt ".getBytes())));
    assertEquals("segment.magic", e.reason());
  }

  @Test
  void fileWriterNeverOverwritesAndClosesTwice(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("000000.tseg");
    SegmentWriter w = SegmentWriter.create(f, HEADER);
    w.append(RecordType.RTP, 5, new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2});
    w.close();
    w.close();
    assertEquals(1, SegmentReader.readAll(f).records().size());
    assertThrows(IOException.class, () -> SegmentWriter.create(f, HEADER));
    assertThrows(IOException.class, () -> w.append(RecordType.RTP, 6, new byte[12]));
  }

  @Test
  void emptySegmentStillHasAHeader(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("e.tseg");
    SegmentWriter.create(f, HEADER).close();
    SegmentContents c = SegmentReader.readAll(f);
    assertEquals("a-cam", c.header().trackId());
    assertEquals(null, c.header().firstPacketMicros());
    assertTrue(c.records().isEmpty());
    assertTrue(Files.size(f) > SegmentFormat.PREAMBLE_LENGTH);
  }
}
