package io.tapline.compositor.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class H264CodecTest {
  static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xd9};
  static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
  static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x10};
  static final byte[] SLICE = {0x41, (byte) 0x9a, 0x02};

  static byte[] annexB(byte[]... nals) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    boolean first = true;
    for (byte[] n : nals) {
      // 4-byte start code first, 3-byte ones after: both occur in the wild
      out.writeBytes(first ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
      out.writeBytes(n);
      first = false;
    }
    return out.toByteArray();
  }

  @Test
  void extradataIsTheFirstKeyframesSpsAndPpsBehindStartCodes() {
    byte[] key = annexB(new byte[] {0x09, 0x10}, SPS, PPS, IDR); // AUD, SPS, PPS, IDR slice
    List<EncodedFrame> frames = List.of(
        new EncodedFrame(0, 0, annexB(SLICE), false, 0, 0),
        new EncodedFrame(3000, 0, key, true, 320, 180));
    byte[] expected = new byte[] {0, 0, 0, 1, 0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xd9,
        0, 0, 0, 1, 0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    assertArrayEquals(expected, new H264Codec().extradata(frames));
  }

  @Test
  void noKeyframeOrNoParameterSetsMeansNoExtradata() {
    assertNull(new H264Codec().extradata(List.of(new EncodedFrame(0, 0, annexB(SLICE), false, 0, 0))));
    assertNull(new H264Codec().extradata(List.of(new EncodedFrame(0, 0, annexB(IDR), true, 0, 0))));
  }
}
