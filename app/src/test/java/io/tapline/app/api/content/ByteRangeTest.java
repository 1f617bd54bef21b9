package io.tapline.app.api.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 14.1.2 examples, on a 10000-byte representation. */
class ByteRangeTest {
  static final long SIZE = 10_000;

  static Optional<ByteRange> parse(String h) {
    return ByteRange.parse(h, SIZE);
  }

  @Test
  void takesTheRfcExamples() {
    assertEquals(Optional.of(new ByteRange(0, 499)), parse("bytes=0-499"));
    assertEquals(Optional.of(new ByteRange(500, 999)), parse("bytes=500-999"));
    assertEquals(Optional.of(new ByteRange(9500, 9999)), parse("bytes=-500"));
    assertEquals(Optional.of(new ByteRange(9500, 9999)), parse("bytes=9500-"));
    assertEquals(Optional.of(new ByteRange(0, 0)), parse("bytes=0-0"));
    assertEquals(Optional.of(new ByteRange(9999, 9999)), parse("bytes=-1"));
    assertEquals("bytes 500-999/10000", new ByteRange(500, 999).contentRange(SIZE));
  }

  @Test
  void clampsToTheContent() {
    assertEquals(Optional.of(new ByteRange(9000, 9999)), parse("bytes=9000-20000"));
    assertEquals(Optional.of(new ByteRange(0, 9999)), parse("bytes=-20000"), "a suffix longer than the content");
    assertEquals(Optional.of(new ByteRange(1, 2)), parse("Bytes=1-2"), "the unit is case-insensitive");
    assertEquals(Optional.of(new ByteRange(1, 2)), parse(" bytes=1-2 "), "surrounding whitespace is trimmed");
  }

  @Test
  void ignoresWhatItDoesNotServe() {
    assertEquals(Optional.empty(), parse(null));
    assertEquals(Optional.empty(), parse("items=0-5"), "another unit");
    assertEquals(Optional.empty(), parse("bytes=0-1,5-6"), "several ranges: served whole");
    assertEquals(Optional.empty(), parse("bytes=5-1"), "last before first is invalid: ignored");
    assertEquals(Optional.empty(), parse("bytes=abc"));
    assertEquals(Optional.empty(), parse("bytes=-"));
    assertEquals(Optional.empty(), parse("bytes=1-2-3"));
    assertEquals(Optional.empty(), parse("bytes=99999999999999999999-"), "does not fit: ignored");
    assertEquals(Optional.empty(), parse("bytes=0-" + "9".repeat(300)), "too long a header");
  }

  @Test
  void refusesRangesOutsideTheContent() {
    assertEquals(SIZE, assertThrows(ByteRange.Unsatisfiable.class, () -> parse("bytes=10000-")).size());
    assertThrows(ByteRange.Unsatisfiable.class, () -> parse("bytes=20000-30000"));
    assertThrows(ByteRange.Unsatisfiable.class, () -> parse("bytes=-0"));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0), "nothing in an empty file");
  }
}
