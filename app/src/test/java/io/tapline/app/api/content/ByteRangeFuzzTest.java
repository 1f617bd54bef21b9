package io.tapline.app.api.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzzes {@link ByteRange#parse} (RFC 9110 section 14.1.2): the first four bytes are the content
 * size, the rest is the Range header. Nothing but {@link ByteRange.Unsatisfiable} may escape, and
 * a range it returns lies inside the content. Seed corpus: {@code ByteRangeFuzzTestInputs/parse/}.
 */
class ByteRangeFuzzTest {

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(byte[] data) {
    if (data.length < 4) {
      return;
    }
    long size = ByteBuffer.wrap(data, 0, 4).getInt() & 0xffffffffL;
    String header = new String(Arrays.copyOfRange(data, 4, data.length), StandardCharsets.ISO_8859_1);
    Optional<ByteRange> r;
    try {
      r = ByteRange.parse(header, size);
    } catch (ByteRange.Unsatisfiable e) {
      return;
    }
    r.ifPresent(range -> {
      assertTrue(range.first() >= 0 && range.last() < size && range.first() <= range.last(),
          () -> range + " outside " + size + " bytes for '" + header + "'");
      assertTrue(range.contentRange(size).startsWith("bytes " + range.first() + "-"));
    });
  }
}
