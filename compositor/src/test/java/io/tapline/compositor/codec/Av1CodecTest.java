package io.tapline.compositor.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Av1CodecTest {
  // low-overhead OBUs: a sequence header (type 1, 3 payload bytes) and a frame (type 6, 2 bytes)
  static final byte[] SEQUENCE_HEADER = {0x0a, 0x03, 0x00, 0x00, 0x00};
  static final byte[] FRAME = {0x32, 0x02, 0x10, 0x00};

  static byte[] unit(byte[]... obus) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] o : obus) {
      out.writeBytes(o);
    }
    return out.toByteArray();
  }

  @Test
  void extradataIsTheFirstKeyframesSequenceHeaderObu() {
    List<EncodedFrame> frames = List.of(
        new EncodedFrame(0, 0, unit(FRAME), false, 0, 0),
        new EncodedFrame(3000, 0, unit(SEQUENCE_HEADER, FRAME), true, 320, 240));
    assertArrayEquals(SEQUENCE_HEADER, new Av1Codec().extradata(frames));
  }

  @Test
  void noKeyframeOrAMalformedUnitMeansNoExtradata() {
    assertNull(new Av1Codec().extradata(List.of(new EncodedFrame(0, 0, unit(FRAME), false, 0, 0))));
    assertNull(new Av1Codec().extradata(List.of(new EncodedFrame(0, 0, unit(FRAME), true, 0, 0))));
    byte[] overrun = {0x0a, 0x09, 0x00};
    assertNull(new Av1Codec().extradata(List.of(new EncodedFrame(0, 0, overrun, true, 0, 0))));
  }

  @Test
  void registeredByRtpmapNameWithLibaomAsDecoder() {
    RtpCodec c = RtpCodecs.forName("av1").orElseThrow();
    assertEquals("AV1", c.name());
    assertEquals("libaom-av1", c.decoderName());
    assertTrue(c.fitsMp4());
    assertEquals("webm", c.exportFormat());
  }
}
