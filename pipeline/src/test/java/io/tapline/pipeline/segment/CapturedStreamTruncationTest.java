package io.tapline.pipeline.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.pipeline.tools.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real captured VP8 stream (with its RTCP) written to a segment and cut at every byte of its last
 * three records, as a tap killed mid-write leaves it: every complete record reads back unchanged.
 */
class CapturedStreamTruncationTest {
  @TempDir Path dir;

  @Test
  void cutAtEveryByteOfTheLastThreeRecordsReadsBackAllCompleteRecords() throws IOException {
    byte[] file = Files.readAllBytes(Fixtures.videoSegment(dir));
    SegmentContents whole = new SegmentReader(new ByteArrayInputStream(file)).readRemaining();
    List<SegmentRecord> all = whole.records();
    assertEquals(Fixtures.VIDEO_RTP_PACKETS + Fixtures.VIDEO_RTCP_PACKETS, all.size());
    int from = (int) all.get(all.size() - 3).fileOffset();
    for (int cut = from; cut <= file.length; cut++) {
      SegmentContents c = new SegmentReader(new ByteArrayInputStream(Arrays.copyOf(file, cut))).readRemaining();
      int complete = 0;
      long end = 0;
      for (SegmentRecord r : all) {
        long recordEnd = r.fileOffset() + SegmentFormat.RECORD_HEADER_LENGTH + r.data().length;
        if (recordEnd <= cut) {
          complete++;
          end = recordEnd;
        }
      }
      assertEquals(whole.header(), c.header(), "header at cut " + cut);
      assertEquals(complete, c.records().size(), "records at cut " + cut);
      for (int i = 0; i < complete; i++) {
        SegmentRecord a = all.get(i);
        SegmentRecord b = c.records().get(i);
        assertEquals(a.type(), b.type());
        assertEquals(a.arrivalMicros(), b.arrivalMicros());
        assertEquals(a.fileOffset(), b.fileOffset());
        assertArrayEquals(a.data(), b.data());
      }
      assertEquals(end == cut, c.tail().clean(), "clean tail at cut " + cut);
      assertEquals(end, c.tail().validBytes(), "valid bytes at cut " + cut);
      assertEquals(cut - end, c.tail().damagedBytes(), "damaged bytes at cut " + cut);
      if (end != cut) {
        assertEquals("segment.truncated", c.tail().reason());
      }
    }
  }
}
