package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz targets for the depacketizers, the H.264 SPS and the AV1 sequence header parsers: whatever the bytes, nothing but {@link
 * MalformedPacketException} may escape, and what comes out must be well-formed. The seed corpus in
 * {@code CodecFuzzTestInputs/<method>/} holds real captured packets (made by
 * {@code src/test/scripts/make-codec-fuzz-seeds.py}); {@code mvn test} replays it, and {@code
 * JAZZER_FUZZ=1} fuzzes from it.
 *
 * <p>Depacketizer input: a run of packets, each a 2-byte big-endian length and the RTP packet.
 */
class CodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void vp8(byte[] data) {
    Depacketizer d = new Vp8Depacketizer();
    for (Frame f : feed(d, data, Vp8Depacketizer::isKeyframeStart)) {
      assertTrue(f.data().length >= 3, f.toString());
      if (f.keyframe()) {
        assertTrue(f.width() > 0 && f.height() > 0 && f.width() < 1 << 14 && f.height() < 1 << 14, f.toString());
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void vp9(byte[] data) {
    Depacketizer d = new Vp9Depacketizer();
    for (Frame f : feed(d, data, Vp9Depacketizer::isKeyframeStart)) {
      assertTrue(f.data().length > 0, f.toString());
      assertEquals(2, f.data()[0] >>> 6 & 3, "every VP9 frame starts with frame_marker 2: " + f);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void h264(byte[] data) {
    Depacketizer d = new H264Depacketizer();
    for (Frame f : feed(d, data, H264Depacketizer::isKeyframeStart)) {
      byte[] au = f.data();
      assertTrue(au.length > 4 && au[0] == 0 && au[1] == 0 && au[2] == 0 && au[3] == 1, "Annex-B: " + f);
      List<Integer> types = H264DepacketizerTest.nalTypes(au);
      assertEquals(f.keyframe(), types.contains(5), types.toString());
      if (f.keyframe()) {
        assertTrue(types.contains(7) && types.contains(8), "key frames carry SPS and PPS: " + types);
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void av1(byte[] data) throws MalformedPacketException {
    Depacketizer d = new Av1Depacketizer();
    for (Frame f : feed(d, data, Av1Depacketizer::isKeyframeStart)) {
      // low-overhead format: every OBU sized and inside the unit, no temporal delimiter or tile list
      List<int[]> obus = Av1DepacketizerTest.obus(f.data());
      assertTrue(!obus.isEmpty(), f.toString());
      for (int[] o : obus) {
        assertTrue(o[0] != Av1Obus.OBU_TEMPORAL_DELIMITER && o[0] != Av1Obus.OBU_TILE_LIST, f.toString());
      }
      if (f.keyframe()) {
        assertTrue(Av1Obus.sequenceHeaderObu(f.data()) != null, "key frames carry a sequence header: " + f);
        assertTrue(f.width() > 0 && f.height() > 0, f.toString());
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void av1SequenceHeader(byte[] data) {
    try {
      Av1SequenceHeader seq = Av1SequenceHeader.parse(data, 0, data.length);
      assertTrue(seq.maxWidth() > 0 && seq.maxHeight() > 0 && seq.profile() <= 2, seq.toString());
    } catch (MalformedPacketException expected) {
      assertTrue(expected.reason().startsWith("av1."), expected.reason());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void opus(byte[] data) {
    Depacketizer d = new OpusDepacketizer();
    for (Frame f : feed(d, data, OpusDepacketizer::isKeyframeStart)) {
      assertTrue(f.durationSamples() >= 120 && f.durationSamples() <= OpusPacketDuration.MAX_SAMPLES, f.toString());
      assertEquals(f.data().length <= 2, f.silence());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void h264Sps(byte[] data) {
    try {
      H264Sps sps = H264SpsParser.parse(data, 0, data.length);
      assertTrue(sps.width() > 0 && sps.height() > 0, sps.toString());
      assertTrue(sps.width() <= sps.codedWidth() && sps.height() <= sps.codedHeight(), sps.toString());
    } catch (MalformedPacketException expected) {
      assertTrue(expected.reason().startsWith("h264."), expected.reason());
    }
  }

  /** Pushes every framed packet, then flushes; only MalformedPacketException is tolerated. */
  private static List<Frame> feed(Depacketizer d, byte[] data, KeyframeDetector keyframes) {
    List<Frame> out = new ArrayList<>();
    for (int pos = 0; pos + 2 <= data.length; ) {
      int length = Math.min(((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff), data.length - pos - 2);
      pos += 2;
      try {
        RtpPacket p = RtpPacket.parse(data, pos, length);
        keyframes.isKeyframeStart(p);
        d.push(p, pos, out);
      } catch (MalformedPacketException expected) {
        String prefix = d.codec().toLowerCase(Locale.ROOT) + ".";
        assertTrue(expected.reason().startsWith(prefix) || expected.reason().startsWith("rtp."), expected.reason());
      }
      pos += length;
    }
    d.flush(out);
    return out;
  }
}
