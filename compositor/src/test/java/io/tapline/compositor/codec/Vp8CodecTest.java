package io.tapline.compositor.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp8CodecTest {
  // keyframe tag (bit 0 = 0), start code 9d 01 2a, 320 x 180
  static final byte[] KEY = {0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x40, 0x01, (byte) 0xb4, 0x00, 7, 7};
  static final byte[] DELTA = {0x11, 0x02, 0x00, 5, 5, 5};

  static OrderedPacket pkt(long seq, long ts, boolean marker, byte[] payload) throws Exception {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | 96);
    b[3] = (byte) seq;
    System.arraycopy(payload, 0, b, 12, payload.length);
    return new OrderedPacket(seq, ts, 0, RtpPacket.parse(b));
  }

  static byte[] desc(int first, byte[] bitstream, int from, int to) {
    // X=1 with a 15-bit picture id: the descriptor is 4 bytes
    byte[] p = new byte[4 + to - from];
    p[0] = (byte) (0x80 | first);
    p[1] = (byte) 0x80;
    p[2] = (byte) 0x81;
    p[3] = 0x23;
    System.arraycopy(bitstream, from, p, 4, to - from);
    return p;
  }

  @Test
  void rebuildsPicturesAndReadsKeyframeSize() throws Exception {
    List<OrderedPacket> in = List.of(
        pkt(1, 0, false, desc(0x10, KEY, 0, 6)), pkt(2, 0, true, desc(0x00, KEY, 6, KEY.length)),
        pkt(3, 3000, true, desc(0x10, DELTA, 0, DELTA.length)));
    SkipLog skips = new SkipLog();
    List<EncodedFrame> f = new Vp8Codec().assemble("t", in, skips);
    assertEquals(2, f.size());
    assertArrayEquals(KEY, f.get(0).data());
    assertTrue(f.get(0).keyframe());
    assertEquals(320, f.get(0).width());
    assertEquals(180, f.get(0).height());
    assertEquals(3000, f.get(1).timestamp());
    assertTrue(skips.isEmpty());
  }

  @Test
  void dropsBeforeTheFirstKeyframeAndAfterLossUntilTheNextOne() throws Exception {
    List<OrderedPacket> in = new ArrayList<>();
    in.add(pkt(1, 0, true, desc(0x10, DELTA, 0, DELTA.length)));
    in.add(pkt(2, 3000, true, desc(0x10, KEY, 0, KEY.length)));
    in.add(pkt(3, 6000, true, desc(0x10, DELTA, 0, DELTA.length)));
    // seq 4 (picture at 9000) lost
    in.add(pkt(5, 12000, true, desc(0x10, DELTA, 0, DELTA.length)));
    in.add(pkt(6, 15000, false, desc(0x10, KEY, 0, 6))); // second half (seq 7) lost
    in.add(pkt(8, 18000, true, desc(0x10, KEY, 0, KEY.length)));
    SkipLog skips = new SkipLog();
    List<EncodedFrame> f = new Vp8Codec().assemble("t", in, skips);
    assertEquals(List.of(3000L, 6000L, 18000L), f.stream().map(EncodedFrame::timestamp).toList());
    assertEquals("[t: video.before_first_keyframe x1 (pictures before the first keyframe), "
        + "t: video.incomplete_picture x1 (pictures with lost packets), "
        + "t: video.until_keyframe_after_loss x1 (pictures referencing lost data (frozen))]", skips.entries().toString());
  }
}
