package io.tapline.sfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.testing.RtpBuilder;
import org.junit.jupiter.api.Test;

class KeyframeDetectorsTest {
  static RtpPacket packet(int... payload) throws Exception {
    byte[] p = new byte[payload.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) payload[i];
    }
    return RtpPacket.parse(new RtpBuilder().payload(p).build());
  }

  @Test
  void h264SingleStapAndFuA() throws Exception {
    KeyframeDetector h264 = KeyframeDetectors.forCodec("H264");
    assertTrue(h264.isKeyframeStart(packet(0x67, 0x42, 0x00)), "SPS");
    assertTrue(h264.isKeyframeStart(packet(0x65, 0x88)), "IDR slice");
    assertFalse(h264.isKeyframeStart(packet(0x41, 0x9a)), "non-IDR slice");
    assertTrue(h264.isKeyframeStart(packet(0x7c, 0x85, 0x88)), "FU-A start of IDR");
    assertFalse(h264.isKeyframeStart(packet(0x7c, 0x05, 0x88)), "FU-A middle of IDR");
    assertTrue(h264.isKeyframeStart(packet(0x78, 0x00, 0x02, 0x09, 0x10, 0x00, 0x03, 0x67, 0x42, 0x00)), "STAP-A");
    assertFalse(h264.isKeyframeStart(packet(0x78, 0x00, 0x09, 0x09)), "STAP-A overrunning");
  }

  @Test
  void vp9AndVp8AndAudio() throws Exception {
    assertTrue(KeyframeDetectors.forCodec("VP9").isKeyframeStart(packet(0x08, 0)));
    assertFalse(KeyframeDetectors.forCodec("VP9").isKeyframeStart(packet(0x48, 0)));
    assertTrue(KeyframeDetectors.forCodec("vp8").isKeyframeStart(
        RtpPacket.parse(new RtpBuilder().vp8(true, true, 20).build())));
    assertFalse(KeyframeDetectors.forCodec("VP8").isKeyframeStart(
        RtpPacket.parse(new RtpBuilder().vp8(true, false, 20).build())));
    assertFalse(KeyframeDetectors.forCodec("opus").isKeyframeStart(packet(0xff)));
    assertEquals(false, KeyframeDetectors.forCodec("H264").isKeyframeStart(packet()));
  }
}
