package io.tapline.pipeline.codec;

import static io.tapline.pipeline.codec.Vp8DepacketizerTest.keyIndexes;
import static io.tapline.pipeline.codec.Vp8DepacketizerTest.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
  private static final List<Integer> KEY_FRAMES = List.of(0, 10, 20);

  @Test
  void gstreamerCaptureGivesEveryAccessUnit() throws Exception {
    // rtph264pay: STAP-A (AUD, SPS, PPS), FU-A SEI, IDR slices; mtu 500 fragments the key frames
    checkWholeCapture("h264-gst-320x180-30f.pcap", 320, 180);
  }

  @Test
  void ffmpegCaptureGivesEveryAccessUnit() throws Exception {
    // ffmpeg's packetizer: STAP-A (SPS, PPS, SEI), several slices per picture (x264 sliced threads)
    checkWholeCapture("h264-ffmpeg-640x360-30f.pcap", 640, 360);
  }

  private static void checkWholeCapture(String fixture, int width, int height) throws Exception {
    CapturedStream s = CapturedStream.load(fixture);
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> frames = s.feed(d);
    assertEquals(30, frames.size());
    assertEquals(KEY_FRAMES, keyIndexes(frames));
    for (Frame f : frames) {
      assertEquals(width, f.width());
      assertEquals(height, f.height());
      List<Integer> types = nalTypes(f.data());
      assertEquals(f.keyframe(), types.contains(5), types.toString());
      if (f.keyframe()) {
        assertTrue(types.indexOf(7) >= 0 && types.indexOf(7) < types.indexOf(5), "SPS before IDR " + types);
        assertTrue(types.indexOf(8) >= 0 && types.indexOf(8) < types.indexOf(5), "PPS before IDR " + types);
      }
    }
    assertEquals(0, d.drops().total(), d.drops().toString());
    Set<Long> keyTimestamps = s.packets().stream().filter(H264Depacketizer::isKeyframeStart)
        .map(RtpPacket::timestamp).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(KEY_FRAMES.stream().map(i -> frames.get(i).rtpTimestamp()).collect(Collectors.toCollection(TreeSet::new)),
        keyTimestamps);
    for (int k : KEY_FRAMES) {
      int first = s.indexOfSequence(frames.get(k).firstSequence());
      assertTrue(H264Depacketizer.isKeyframeStart(s.packets().get(first)), "first packet of key frame " + k);
    }
  }

  @Test
  void lostFragmentDropsTheAccessUnitAndDeltasUntilTheNextKeyframe() throws Exception {
    CapturedStream s = CapturedStream.load("h264-gst-320x180-30f.pcap");
    List<Frame> all = s.feed(new H264Depacketizer());
    // frame 2 spans several packets in this capture; lose its second one
    int first = s.indexOfSequence(all.get(2).firstSequence());
    assertTrue(all.get(2).lastSequence() != all.get(2).firstSequence(), "fixture: frame 2 spans packets");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = s.without(i -> i == first + 1).feed(d);
    assertEquals(2 + 20, out.size());
    assertEquals(List.of(0, 2, 12), keyIndexes(out));
    assertEquals(1, d.drops().get("h264.frame_incomplete"));
    assertEquals(7, d.drops().get("h264.awaiting_keyframe"));
    assertFalse(d.needsKeyframe());
  }

  @Test
  void lostParameterSetsAreTakenFromEarlierOnes() throws Exception {
    CapturedStream s = CapturedStream.load("h264-ffmpeg-640x360-30f.pcap");
    List<Frame> all = s.feed(new H264Depacketizer());
    int key10 = s.indexOfSequence(all.get(10).firstSequence());
    assertEquals(List.of(7, 8), nalTypes(aggregatedTypes(s.packets().get(key10))).subList(0, 2),
        "fixture: the key frame opens with a STAP-A of SPS and PPS");
    assertEquals(0x65, s.packets().get(key10 + 1).payload()[0] & 0xff, "fixture: then the first IDR slice");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = s.without(i -> i == key10).feed(d);
    assertEquals(30, out.size(), d.drops().toString());
    Frame key = out.get(10);
    assertTrue(key.keyframe());
    List<Integer> types = nalTypes(key.data());
    assertEquals(List.of(7, 8, 5), types.subList(0, 3), "stored SPS and PPS put in front: " + types);
    assertEquals(1, d.drops().get("h264.gap"));
    assertEquals(1, d.drops().total());
  }

  @Test
  void aTailOfSlicesIsNeverTakenForAPicture() throws Exception {
    // rtph264pay aggregates AUD, SPS, PPS and the first IDR slice; the next slices follow as FU-A
    CapturedStream s = CapturedStream.load("h264-gst-320x180-30f.pcap");
    List<Frame> all = s.feed(new H264Depacketizer());
    int key10 = s.indexOfSequence(all.get(10).firstSequence());
    assertTrue(nalTypes(aggregatedTypes(s.packets().get(key10))).contains(5), "fixture: STAP-A holds slice 0");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = s.without(i -> i == key10).feed(d);
    assertEquals(20, out.size());
    assertEquals(List.of(0, 10), keyIndexes(out));
    assertTrue(d.drops().get("h264.no_frame_start") > 0);
    assertEquals(9, d.drops().get("h264.awaiting_keyframe"));
  }

  /** A STAP-A's NAL units rewritten with start codes, to list their types. */
  private static byte[] aggregatedTypes(RtpPacket stap) {
    byte[] p = stap.payload();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int pos = 1; pos + 2 < p.length; ) {
      int size = ((p[pos] & 0xff) << 8) | (p[pos + 1] & 0xff);
      o.writeBytes(new byte[] {0, 0, 0, 1});
      o.write(p, pos + 2, size);
      pos += 2 + size;
    }
    return o.toByteArray();
  }

  @Test
  void duplicatesAreIgnored() throws Exception {
    CapturedStream s = CapturedStream.load("h264-ffmpeg-640x360-30f.pcap");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (RtpPacket p : s.packets()) {
      d.push(p, 0, out);
      d.push(p, 0, out);
    }
    assertEquals(30, out.size());
    assertEquals(s.packets().size(), d.drops().get("h264.duplicate"));
  }

  @Test
  void accessUnitsWithoutMarkerEndAtTheNextTimestamp() throws Exception {
    CapturedStream s = CapturedStream.load("h264-gst-320x180-30f.pcap");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (RtpPacket p : s.packets()) {
      d.push(Vp8DepacketizerTest.withoutMarker(p), 0, out);
    }
    d.flush(out);
    assertEquals(29, out.size());
    assertEquals(1, d.drops().get("h264.frame_unterminated"));
  }

  @Test
  void singleNalStapAAndFuAAreReassembledAsAnnexB() throws Exception {
    byte[] sps = HexFormat.of().parseHex("6742c00b8c8d41626403c2211a80"); // OpenH264 176x144
    byte[] pps = HexFormat.of().parseHex("68ce3c80");
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = new ArrayList<>();
    // STAP-A(SPS, PPS) | FU-A start IDR slice | FU-A end (marker)
    List<Integer> stap = new ArrayList<>(List.of(0x78, 0, sps.length));
    for (byte b : sps) {
      stap.add(b & 0xff);
    }
    stap.addAll(List.of(0, pps.length));
    for (byte b : pps) {
      stap.add(b & 0xff);
    }
    d.push(rtp(1, false, stap.stream().mapToInt(Integer::intValue).toArray()), 5, out);
    d.push(rtp(2, false, 0x7c, 0x85, 0x88, 0x84, 0x00), 6, out);
    d.push(rtp(3, true, 0x7c, 0x45, 0x11, 0x22), 7, out);
    assertEquals(1, out.size(), d.drops().toString());
    Frame f = out.get(0);
    assertTrue(f.keyframe());
    assertEquals(176, f.width());
    assertEquals(144, f.height());
    assertEquals(5, f.arrivalMicros());
    byte[] expected = Vp9DepacketizerTest.concat(new byte[] {0, 0, 0, 1}, sps, new byte[] {0, 0, 0, 1}, pps,
        new byte[] {0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x11, 0x22});
    assertArrayEquals(expected, f.data());
    // a non-IDR single NAL unit packet, first_mb_in_slice = 0
    d.push(rtp(4, true, 0x41, 0x9a, 0x01), 8, out);
    assertEquals(2, out.size());
    assertArrayEquals(new byte[] {0, 0, 0, 1, 0x41, (byte) 0x9a, 0x01}, out.get(1).data());
    assertFalse(out.get(1).keyframe());
    assertEquals(176, out.get(1).width(), "the SPS in use gives the size of delta frames too");
  }

  @Test
  void anIdrWithoutAnyParameterSetsIsDroppedUntilSdpGivesThem() throws Exception {
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = new ArrayList<>();
    d.push(rtp(1, true, 0x65, 0x88, 0x84), 0, out);
    assertTrue(out.isEmpty());
    assertEquals(1, d.drops().get("h264.no_parameter_sets"));
    d.setParameterSets(HexFormat.of().parseHex("6742c00b8c8d41626403c2211a80"), HexFormat.of().parseHex("68ce3c80"));
    d.push(rtp(2, true, 0x65, 0x88, 0x84), 0, out);
    assertEquals(1, out.size());
    assertEquals(List.of(7, 8, 5), nalTypes(out.get(0).data()));
  }

  @Test
  void interleavedModeAndBrokenPacketsAreRejected() throws Exception {
    H264Depacketizer d = new H264Depacketizer();
    List<Frame> out = new ArrayList<>();
    assertEquals("h264.unsupported", reason(d, rtp(1, true, 0x19, 0, 2, 0x65, 0x88)));
    assertEquals("h264.unsupported", reason(d, rtp(2, true, 0x1d, 0x85, 0x88)));
    assertEquals("h264.nal_type", reason(d, rtp(3, true, 0x00, 0x00)));
    assertEquals("h264.stap_truncated", reason(d, rtp(4, true, 0x78, 0x00, 0x09, 0x67)));
    assertEquals("h264.fu_flags", reason(d, rtp(5, true, 0x7c, 0xc5, 0x88)));
    d.push(rtp(6, false, 0x7c, 0x85, 0x88, 0x84), 0, out);
    assertEquals("h264.fu_unterminated", reason(d, rtp(7, false, 0x65, 0x88)));
    H264Depacketizer fresh = new H264Depacketizer();
    fresh.push(rtp(8, false, 0x7c, 0x85, 0x88, 0x84), 0, out);
    assertEquals("h264.fu_no_start", reason(fresh, rtp(9, false, 0x7c, 0x01, 0x88)), "FU-A of another NAL type");
    assertTrue(out.isEmpty());
  }

  private static String reason(H264Depacketizer d, RtpPacket p) {
    return assertThrows(MalformedPacketException.class, () -> d.push(p, 0, new ArrayList<>())).reason();
  }

  /** NAL unit types of an Annex-B access unit with 4-byte start codes. */
  static List<Integer> nalTypes(byte[] au) {
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i + 4 < au.length; i++) {
      if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 0 && au[i + 3] == 1) {
        types.add(au[i + 4] & 0x1f);
        i += 4;
      }
    }
    return types;
  }
}
