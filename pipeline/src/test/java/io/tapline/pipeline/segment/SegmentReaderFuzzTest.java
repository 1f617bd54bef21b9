package io.tapline.pipeline.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Any bytes given to {@link SegmentReader}: only {@link SegmentFormatException} may escape, every
 * record returned carries a valid CRC over exactly the bytes it came from, and the tail accounts for
 * every byte. Seeds (real segments and damaged variants) are in
 * {@code src/test/resources/io/tapline/pipeline/segment/SegmentReaderFuzzTestInputs/readAnyBytes/};
 * run {@code JAZZER_FUZZ=1 ./mvnw -pl pipeline -am test -Dtest=SegmentReaderFuzzTest} to fuzz.
 */
class SegmentReaderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readAnyBytes(byte[] data) throws IOException {
    SegmentReader reader;
    try {
      reader = new SegmentReader(new ByteArrayInputStream(data));
    } catch (SegmentFormatException e) {
      assertNotNull(e.reason());
      return;
    }
    long end = 0;
    for (SegmentRecord r = reader.next(); r != null; r = reader.next()) {
      int at = (int) r.fileOffset();
      int length = r.data().length;
      assertTrue(at >= end, "records in file order");
      assertEquals(r.type().code(), data[at] & 0xff);
      assertEquals(length, ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff));
      assertArrayEquals(Arrays.copyOfRange(data, at + 16, at + 16 + length), r.data());
      CRC32C crc = new CRC32C();
      crc.update(data, at, 12);
      crc.update(data, at + 16, length);
      int stored = ((data[at + 12] & 0xff) << 24) | ((data[at + 13] & 0xff) << 16)
          | ((data[at + 14] & 0xff) << 8) | (data[at + 15] & 0xff);
      assertEquals((int) crc.getValue(), stored, "CRC of the record at " + at);
      end = at + 16L + length;
    }
    SegmentTail tail = reader.tail();
    assertNotNull(tail);
    assertEquals(data.length, tail.validBytes() + tail.damagedBytes());
    assertTrue(tail.validBytes() >= end);
    assertEquals(tail.clean(), tail.damagedBytes() == 0 && tail.reason() == null);
    reader.close();
  }
}
