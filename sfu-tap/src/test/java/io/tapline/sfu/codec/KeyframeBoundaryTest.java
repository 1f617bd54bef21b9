package io.tapline.sfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.testing.RtpBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Boundaries on hand-built H.264 packets (RFC 6184) for the cases the captures do not hold. */
class KeyframeBoundaryTest {
  static final int[] AUD_ONLY_STAP_A = {0x18, 0x00, 0x02, 0x09, 0x10};
  static final int[] SPS_PPS_STAP_A = {0x18, 0x00, 0x02, 0x09, 0x10, 0x00, 0x03, 0x67, 0x42, 0x00, 0x00, 0x02, 0x68, 0xce};
  /** FU-A start of an IDR slice with first_mb_in_slice = 0 (first bit of the slice header set). */
  static final int[] FU_A_IDR_FIRST_SLICE = {0x7c, 0x85, 0x88, 0x00};
  static final int[] FU_A_IDR_END = {0x7c, 0x45, 0x00};
  /** FU-A start of a second IDR slice of the same picture (first_mb_in_slice > 0). */
  static final int[] FU_A_IDR_SECOND_SLICE = {0x7c, 0x85, 0x40, 0x00};
  static final int[] SINGLE_IDR_SLICE = {0x65, 0x88, 0x00};
  static final int[] FU_A_DELTA_SLICE = {0x7c, 0x81, 0x9a, 0x00};

  int seq;

  RtpPacket packet(long ts, int... payload) throws Exception {
    byte[] p = new byte[payload.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) payload[i];
    }
    return RtpPacket.parse(new RtpBuilder().seq(seq++).ts(ts).payload(p).build());
  }

  static List<Boolean> boundaries(KeyframeBoundary b, List<RtpPacket> packets) {
    List<Boolean> out = new ArrayList<>();
    for (RtpPacket p : packets) {
      out.add(b.isKeyframeStart(p));
    }
    return out;
  }

  @Test
  void aKeyframeBehindAnAudOnlyStapAIsFoundAtItsFirstSlice() throws Exception {
    List<RtpPacket> packets = List.of(
        packet(0, AUD_ONLY_STAP_A), packet(0, FU_A_IDR_FIRST_SLICE), packet(0, FU_A_IDR_END),
        packet(0, FU_A_IDR_SECOND_SLICE), packet(0, FU_A_IDR_END),
        packet(3000, AUD_ONLY_STAP_A), packet(3000, FU_A_DELTA_SLICE));
    assertEquals(List.of(false, true, false, false, false, false, false),
        boundaries(new KeyframeBoundary("H264"), packets));
  }

  @Test
  void aKeyframeTheDetectorFlagsTwiceIsOneBoundary() throws Exception {
    RtpPacket sps = packet(0, SPS_PPS_STAP_A);
    RtpPacket slice = packet(0, SINGLE_IDR_SLICE);
    var detector = Depacketizers.keyframeDetector("H264");
    assertTrue(detector.isKeyframeStart(sps) && detector.isKeyframeStart(slice), "fixture: both flagged");
    KeyframeBoundary b = new KeyframeBoundary("h264");
    assertEquals(List.of(true, false, true), boundaries(b, List.of(sps, slice, packet(3000, SINGLE_IDR_SLICE))));
  }

  @Test
  void frameStartAndResetFollowTheTimestamp() throws Exception {
    KeyframeBoundary b = new KeyframeBoundary("H264");
    RtpPacket first = packet(0, SINGLE_IDR_SLICE);
    assertTrue(b.isKeyframeStart(first));
    assertTrue(b.frameStart());
    assertFalse(b.isKeyframeStart(packet(0, FU_A_DELTA_SLICE)));
    assertFalse(b.frameStart());
    assertFalse(b.isKeyframeStart(first), "a repeat of the same frame is not a second boundary");
    b.reset();
    assertTrue(b.isKeyframeStart(first), "after a reset the frame is new again");
    assertTrue(b.frameStart());
  }

  @Test
  void codecsThePipelineDoesNotKnowNeverGiveABoundary() throws Exception {
    KeyframeBoundary b = new KeyframeBoundary("H265");
    assertFalse(b.isKeyframeStart(packet(0, SINGLE_IDR_SLICE)));
    assertTrue(b.frameStart());
    assertTrue(new KeyframeBoundary("VP8").isKeyframeStart(RtpPacket.parse(new RtpBuilder().vp8(true, true, 20).build())));
    assertFalse(new KeyframeBoundary("VP8").isKeyframeStart(RtpPacket.parse(new RtpBuilder().vp8(true, false, 20).build())));
  }
}
