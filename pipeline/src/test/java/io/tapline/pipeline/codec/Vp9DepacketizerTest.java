package io.tapline.pipeline.codec;

import static io.tapline.pipeline.codec.Vp8DepacketizerTest.keyIndexes;
import static io.tapline.pipeline.codec.Vp8DepacketizerTest.withoutMarker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp9DepacketizerTest {
  private static final List<Integer> KEY_FRAMES = List.of(0, 10, 20);

  @Test
  void gstreamerCaptureGivesEveryFrameWithKeyframesAndSize() throws Exception {
    checkWholeCapture("vp9-gst-320x240-30f.pcap", 320, 240);
  }

  @Test
  void ffmpegCaptureGivesEveryFrameWithKeyframesAndSize() throws Exception {
    // ffmpeg leaves P=0 on every packet: only the uncompressed header tells key frames apart
    checkWholeCapture("vp9-ffmpeg-176x144-30f.pcap", 176, 144);
  }

  private static void checkWholeCapture(String fixture, int width, int height) throws Exception {
    CapturedStream s = CapturedStream.load(fixture);
    Vp9Depacketizer d = new Vp9Depacketizer();
    List<Frame> frames = s.feed(d);
    assertEquals(30, frames.size());
    assertEquals(KEY_FRAMES, keyIndexes(frames));
    for (Frame f : frames) {
      assertEquals(width, f.width(), f.toString());
      assertEquals(height, f.height(), f.toString());
    }
    assertEquals(0, d.drops().total(), d.drops().toString());
    assertEquals(KEY_FRAMES.size(), s.packets().stream().filter(Vp9Depacketizer::isKeyframeStart).count());
  }

  @Test
  void lossDropsTheDamagedFrameAndSkipsDeltasUntilTheNextKeyframe() throws Exception {
    CapturedStream s = CapturedStream.load("vp9-gst-320x240-30f.pcap");
    // the key frame 0 spans many packets: lose one in its middle
    Vp9Depacketizer d = new Vp9Depacketizer();
    List<Frame> out = s.without(i -> i == 2).feed(d);
    assertEquals(20, out.size());
    assertEquals(List.of(0, 10), keyIndexes(out));
    assertEquals(1, d.drops().get("vp9.frame_incomplete"));
    assertEquals(9, d.drops().get("vp9.awaiting_keyframe"));
    assertFalse(d.needsKeyframe());
  }

  @Test
  void duplicatesAndMissingMarkersAreHandled() throws Exception {
    CapturedStream s = CapturedStream.load("vp9-ffmpeg-176x144-30f.pcap");
    Vp9Depacketizer d = new Vp9Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < s.packets().size(); i++) {
      RtpPacket p = withoutMarker(s.packets().get(i));
      d.push(p, 0, out);
      d.push(p, 0, out);
    }
    d.flush(out);
    assertEquals(29, out.size(), "the last frame is unterminated: no marker and no SS to prove it");
    assertEquals(s.packets().size(), d.drops().get("vp9.duplicate"));
    assertEquals(1, d.drops().get("vp9.frame_unterminated"));
  }

  @Test
  void descriptorFieldsFollowRfc9628() throws Exception {
    // I P L F=0 B E V Z=0 | M PID 0x0123 | TID 2 U SID 1 D | TL0PICIDX | SS: N_S=1 Y G | 2 sizes | N_G=1 T U R=1 P_DIFF
    byte[] b = {(byte) 0xee, (byte) 0x81, 0x23, 0x53, 9, 0x38, 0, (byte) 160, 0, 120, 1, 64, 0, (byte) 240, 1, 0x24, 1,
        (byte) 0x82};
    Vp9PayloadDescriptor d = Vp9PayloadDescriptor.parse(b, 0, b.length);
    assertEquals(0x0123, d.pictureId());
    assertTrue(d.interPicturePredicted());
    assertFalse(d.flexible());
    assertTrue(d.beginsLayerFrame());
    assertTrue(d.endsLayerFrame());
    assertEquals(2, d.temporalId());
    assertEquals(1, d.spatialId());
    assertTrue(d.interLayerDependent());
    assertEquals(2, d.spatialLayers());
    assertArrayEquals(new int[] {160, 320}, d.layerWidths());
    assertArrayEquals(new int[] {120, 240}, d.layerHeights());
    assertEquals(b.length - 1, d.length());
    // flexible mode: I=0 P=1 L=1 F=1 B, two P_DIFFs (N=1 then N=0)
    byte[] flex = {(byte) 0x78, 0x20, 0x03, 0x04, (byte) 0x86};
    Vp9PayloadDescriptor f = Vp9PayloadDescriptor.parse(flex, 0, flex.length);
    assertEquals(-1, f.pictureId());
    assertTrue(f.flexible());
    assertEquals(1, f.temporalId());
    assertEquals(4, f.length());
    assertNull(f.layerWidths());
    byte[] fourDiffs = {(byte) 0x58, 0x03, 0x03, 0x03, 0x02, 0x00};
    assertEquals("vp9.p_diff",
        assertThrows(MalformedPacketException.class, () -> Vp9PayloadDescriptor.parse(fourDiffs, 0, 6)).reason());
    assertEquals("vp9.truncated",
        assertThrows(MalformedPacketException.class, () -> Vp9PayloadDescriptor.parse(b, 0, 8)).reason());
  }

  @Test
  void spatialLayersOfOnePictureBecomeOneSuperframe() throws Exception {
    // two layer frames taken from the capture: the key frame as SID 0, the next frame as SID 1
    CapturedStream s = CapturedStream.load("vp9-ffmpeg-176x144-30f.pcap");
    List<Frame> real = s.feed(new Vp9Depacketizer());
    byte[] base = real.get(0).data();
    byte[] upper = real.get(1).data();
    int ts = 9000;
    List<RtpPacket> packets = new ArrayList<>();
    // SID 0: B, L, V with SS (2 layers 88x72 and 176x144), split in two packets
    byte[] ss = {0x30, 0, 88, 0, 72, 0, (byte) 176, 0, (byte) 144};
    packets.add(vp9(1, ts, false, concat(new byte[] {0x2a, 0x00, 0x00}, ss, Arrays.copyOfRange(base, 0, 500))));
    packets.add(vp9(2, ts, false, concat(new byte[] {0x24, 0x00, 0x00}, Arrays.copyOfRange(base, 500, base.length))));
    // SID 1: B E, P=1 D=1, one packet, marker
    packets.add(vp9(3, ts, true, concat(new byte[] {0x6c, 0x03, 0x00}, upper)));
    Vp9Depacketizer d = new Vp9Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (RtpPacket p : packets) {
      d.push(p, 0, out);
    }
    assertEquals(1, out.size(), d.drops().toString());
    Frame f = out.get(0);
    assertTrue(f.keyframe());
    assertEquals(176, f.width());
    assertEquals(144, f.height());
    // Annex B: frames, then marker 0b110 mm fff, sizes little-endian in mm+1 bytes, marker again
    int marker = 0xc0 | (1 << 3) | 1; // two-byte sizes, two frames
    byte[] index = {(byte) marker, (byte) base.length, (byte) (base.length >>> 8), (byte) upper.length,
        (byte) (upper.length >>> 8), (byte) marker};
    assertArrayEquals(concat(base, upper, index), f.data());
    assertTrue(Vp9Depacketizer.isKeyframeStart(packets.get(0)));
    assertFalse(Vp9Depacketizer.isKeyframeStart(packets.get(2)));

    // without the marker, flush can still prove the picture complete: E=1 on the top SS layer
    Vp9Depacketizer unmarked = new Vp9Depacketizer();
    List<Frame> flushed = new ArrayList<>();
    for (RtpPacket p : packets) {
      unmarked.push(withoutMarker(p), 0, flushed);
    }
    assertTrue(flushed.isEmpty());
    unmarked.flush(flushed);
    assertEquals(1, flushed.size());
  }

  @Test
  void aLayerFrameWithoutEndIsNotEmitted() throws Exception {
    CapturedStream s = CapturedStream.load("vp9-ffmpeg-176x144-30f.pcap");
    byte[] key = s.feed(new Vp9Depacketizer()).get(0).data();
    Vp9Depacketizer d = new Vp9Depacketizer();
    List<Frame> out = new ArrayList<>();
    d.push(vp9(1, 0, true, concat(new byte[] {0x08}, key)), 0, out); // B without E, marker
    assertTrue(out.isEmpty());
    assertEquals(1, d.drops().get("vp9.layer_unterminated"));
  }

  @Test
  void frameHeaderTellsKeyFramesAndSize() throws Exception {
    // profile 0 key frame, 8-bit BT.601, 640x360: 82 49 83 42 00 | 27 f0 16 70 ...
    byte[] key = {(byte) 0x82, 0x49, (byte) 0x83, 0x42, 0x00, 0x27, (byte) 0xf0, 0x16, 0x70, 0x00};
    Vp9FrameHeader h = Vp9FrameHeader.parse(key, 0, key.length);
    assertTrue(h.keyframe());
    assertEquals(640, h.width());
    assertEquals(360, h.height());
    assertFalse(Vp9FrameHeader.parse(new byte[] {(byte) 0x86, 0x00}, 0, 2).keyframe());
    assertTrue(Vp9FrameHeader.parse(new byte[] {(byte) 0x88}, 0, 1).showExistingFrame());
    assertEquals("vp9.frame_marker",
        assertThrows(MalformedPacketException.class, () -> Vp9FrameHeader.parse(new byte[] {0x42}, 0, 1)).reason());
    assertEquals("vp9.header_truncated",
        assertThrows(MalformedPacketException.class, () -> Vp9FrameHeader.parse(key, 0, 5)).reason());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static RtpPacket vp9(int seq, long ts, boolean marker, byte[] payload) throws MalformedPacketException {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | 98);
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    b[4] = (byte) (ts >>> 24);
    b[5] = (byte) (ts >>> 16);
    b[6] = (byte) (ts >>> 8);
    b[7] = (byte) ts;
    b[11] = 7;
    System.arraycopy(payload, 0, b, 12, payload.length);
    return RtpPacket.parse(b);
  }
}
