package io.tapline.pipeline.rtp.ext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes RFC 8285 element parsing and the typed readers: nothing but {@link
 * MalformedPacketException} may escape, and written elements parse back the same. Seed corpus:
 * {@code HeaderExtensionsFuzzTestInputs/parse/} (first byte: 0 one-byte, else two-byte with
 * appbits; the rest is the extension data).
 */
class HeaderExtensionsFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(FuzzedDataProvider in) {
    int selector = in.consumeInt(0, 16);
    int profile = selector == 0
        ? HeaderExtensions.ONE_BYTE_PROFILE
        : HeaderExtensions.TWO_BYTE_PROFILE | (selector - 1);
    byte[] data = in.consumeRemainingAsBytes();
    HeaderExtensions ext;
    try {
      ext = HeaderExtensions.parse(data, profile, 0, data.length);
    } catch (MalformedPacketException e) {
      return;
    }
    List<HeaderExtension> elements = new ArrayList<>();
    for (int i = 0; i < ext.count(); i++) {
      elements.add(new HeaderExtension(ext.id(i), ext.data(i)));
      readTyped(ext, i);
    }
    byte[] block = new byte[HeaderExtensionWriter.blockLength(elements)];
    HeaderExtensionWriter.write(elements, block, 0);
    int writtenProfile = ((block[0] & 0xff) << 8) | (block[1] & 0xff);
    HeaderExtensions back;
    try {
      back = HeaderExtensions.parse(block, writtenProfile, 4, block.length - 4);
    } catch (MalformedPacketException e) {
      throw new AssertionError("writer produced an unparseable block: " + e.getMessage(), e);
    }
    assertEquals(ext.count(), back.count());
    for (int i = 0; i < ext.count(); i++) {
      assertEquals(ext.id(i), back.id(i));
      assertArrayEquals(ext.data(i), back.data(i));
    }
  }

  private static void readTyped(HeaderExtensions ext, int i) {
    byte[] b = ext.buffer();
    int off = ext.offset(i);
    int len = ext.length(i);
    try {
      AudioLevel.read(b, off, len);
    } catch (MalformedPacketException expected) {
      // counted by callers
    }
    try {
      AbsSendTime.read(b, off, len);
    } catch (MalformedPacketException expected) {
      // counted by callers
    }
    try {
      TransportSequenceNumber.read(b, off, len);
    } catch (MalformedPacketException expected) {
      // counted by callers
    }
    try {
      SdesExtension.read(b, off, len);
    } catch (MalformedPacketException expected) {
      // counted by callers
    }
  }
}
