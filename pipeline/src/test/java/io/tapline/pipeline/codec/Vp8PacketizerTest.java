package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Vp8PacketizerTest {
  /**
   * A keyframe header (RFC 6386 section 9.1: frame tag with P=0, show_frame=1 and a 100-byte first
   * partition; start code 9d 01 2a; 320x240) and filler.
   */
  private static byte[] keyframe(int size) {
    byte[] f = new byte[size];
    new Random(7).nextBytes(f);
    int tag = (100 << 5) | 0x10;
    f[0] = (byte) tag;
    f[1] = (byte) (tag >> 8);
    f[2] = (byte) (tag >> 16);
    f[3] = (byte) 0x9d;
    f[4] = 0x01;
    f[5] = 0x2a;
    f[6] = (byte) 320;
    f[7] = (byte) (320 >> 8);
    f[8] = (byte) 240;
    f[9] = 0;
    return f;
  }

  @Test
  void equalSlicesWithinTheLimitAndStartBitOnlyOnTheFirst() {
    List<byte[]> p = new Vp8Packetizer(1000).packetize(new byte[2500]);
    assertEquals(3, p.size());
    for (int i = 0; i < p.size(); i++) {
      assertTrue(p.get(i).length <= 1000, "payload " + i + " is " + p.get(i).length);
      assertEquals(i == 0 ? 0x10 : 0x00, p.get(i)[0] & 0xff);
    }
    assertEquals(834 + 834 + 832, p.stream().mapToInt(b -> b.length - 1).sum());
  }

  @Test
  void aSmallFrameIsOnePacket() {
    List<byte[]> p = new Vp8Packetizer(1200).packetize(new byte[] {1, 2, 3});
    assertEquals(1, p.size());
    assertArrayEquals(new byte[] {0x10, 1, 2, 3}, p.get(0));
  }

  @Test
  void theDepacketizerRebuildsTheFrameWithItsSize() throws Exception {
    byte[] frame = keyframe(5000);
    RtpSenderStream s = new RtpSenderStream(0x1234, 96, 90000, "t@x", new Random(1));
    List<byte[]> rtp = s.packets(3000, new Vp8Packetizer(1100).packetize(frame), true);
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < rtp.size(); i++) {
      RtpPacket p = RtpPacket.parse(rtp.get(i));
      assertEquals(i == rtp.size() - 1, p.marker());
      d.push(p, 1000 + i, out);
    }
    d.flush(out);
    assertEquals(1, out.size());
    assertArrayEquals(frame, out.get(0).data());
    assertTrue(out.get(0).keyframe());
    assertEquals(320, out.get(0).width());
    assertEquals(240, out.get(0).height());
    assertEquals(0, d.drops().total(), d.drops().toString());
    assertFalse(d.needsKeyframe());
  }

  @Test
  void refusesWhatCannotBePacketized() {
    assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(1));
    assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(100).packetize(new byte[0]));
  }
}
