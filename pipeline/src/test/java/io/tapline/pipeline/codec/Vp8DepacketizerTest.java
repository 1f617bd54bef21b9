package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp8DepacketizerTest {
  // vp8enc keyframe-max-dist=10 / ffmpeg -g 10: key frames are frames 0, 10 and 20 of 30
  private static final List<Integer> KEY_FRAMES = List.of(0, 10, 20);

  @Test
  void gstreamerCaptureGivesEveryFrameWithKeyframesAndSize() throws Exception {
    checkWholeCapture("vp8-gst-320x240-30f.pcap", 320, 240);
  }

  @Test
  void ffmpegCaptureGivesEveryFrameWithKeyframesAndSize() throws Exception {
    checkWholeCapture("vp8-ffmpeg-176x144-30f.pcap", 176, 144);
  }

  private static void checkWholeCapture(String fixture, int width, int height) throws Exception {
    CapturedStream s = CapturedStream.load(fixture);
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> frames = s.feed(d);
    assertEquals(30, frames.size());
    assertEquals(KEY_FRAMES, keyIndexes(frames));
    for (Frame f : frames) {
      assertEquals(width, f.width(), f.toString());
      assertEquals(height, f.height(), f.toString());
    }
    assertEquals(0, d.drops().total(), d.drops().toString());
    assertFalse(d.needsKeyframe());
    // frames tile the sequence space: each starts right after the previous one ended
    for (int i = 1; i < frames.size(); i++) {
      assertEquals((frames.get(i - 1).lastSequence() + 1) & 0xffff, frames.get(i).firstSequence());
      assertTrue(frames.get(i).rtpTimestamp() > frames.get(i - 1).rtpTimestamp());
    }
    assertEquals(s.arrivals().get(0), frames.get(0).arrivalMicros());
    long keyStarts = s.packets().stream().filter(Vp8Depacketizer::isKeyframeStart).count();
    assertEquals(KEY_FRAMES.size(), keyStarts);
  }

  @Test
  void frameBytesAreThePayloadsWithoutDescriptors() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-ffmpeg-176x144-30f.pcap");
    Frame first = s.feed(new Vp8Depacketizer()).get(0);
    List<Byte> expected = new ArrayList<>();
    for (RtpPacket p : s.packets()) {
      if (p.sequenceNumber() > first.lastSequence()) {
        break;
      }
      byte[] payload = p.payload();
      int skip = Vp8PayloadDescriptor.parse(payload, 0, payload.length).length();
      for (int i = skip; i < payload.length; i++) {
        expected.add(payload[i]);
      }
    }
    byte[] want = new byte[expected.size()];
    for (int i = 0; i < want.length; i++) {
      want[i] = expected.get(i);
    }
    assertArrayEquals(want, first.data());
  }

  @Test
  void lossDropsTheDamagedFrameAndSkipsDeltasUntilTheNextKeyframe() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    // lose the second packet of frame 3 (a multi-packet delta frame in this capture)
    int frame3 = s.indexOfStart(p -> startsFrame(p), 3);
    assertFalse(s.packets().get(frame3).marker(), "fixture: frame 3 spans packets");
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    List<Boolean> needAfter = new ArrayList<>();
    CapturedStream lossy = s.without(i -> i == frame3 + 1);
    for (int i = 0; i < lossy.packets().size(); i++) {
      d.push(lossy.packets().get(i), lossy.arrivals().get(i), out);
      needAfter.add(d.needsKeyframe());
    }
    d.flush(out);
    // frames 0-2 before the loss, nothing of 3-9, then 10-29 from the key frame on
    assertEquals(3 + 20, out.size());
    assertEquals(List.of(0, 3, 13), keyIndexes(out));
    assertTrue(out.get(3).keyframe());
    assertEquals(1, d.drops().get("vp8.gap"));
    assertEquals(1, d.drops().get("vp8.frame_incomplete"));
    assertEquals(6, d.drops().get("vp8.awaiting_keyframe")); // deltas 4..9
    assertTrue(needAfter.get(frame3 + 1), "asks for a key frame right after the gap");
    assertFalse(d.needsKeyframe(), "recovered at the key frame");
  }

  @Test
  void lossOfAMarkerPacketDropsThatFrame() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    int key10 = s.indexOfStart(Vp8Depacketizer::isKeyframeStart, 1);
    // the packet before frame 10's start is frame 9's last one, with the marker
    assertTrue(s.packets().get(key10 - 1).marker());
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = s.without(i -> i == key10 - 1).feed(d);
    assertEquals(29, out.size());
    assertEquals(1, d.drops().get("vp8.frame_incomplete"));
    assertEquals(0, d.drops().get("vp8.awaiting_keyframe")); // frame 10 is a key frame
  }

  @Test
  void joiningMidStreamWaitsForAKeyframe() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    int frame5 = s.indexOfStart(p -> startsFrame(p), 5);
    Vp8Depacketizer d = new Vp8Depacketizer();
    assertTrue(d.needsKeyframe());
    List<Frame> out = s.without(i -> i < frame5 + 1).feed(d); // also cut into frame 5
    assertEquals(20, out.size());
    assertTrue(out.get(0).keyframe());
    assertTrue(d.drops().get("vp8.no_frame_start") > 0);
    assertEquals(4, d.drops().get("vp8.awaiting_keyframe")); // frames 6..9
  }

  @Test
  void duplicatesAreIgnored() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-ffmpeg-176x144-30f.pcap");
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < s.packets().size(); i++) {
      d.push(s.packets().get(i), s.arrivals().get(i), out);
      d.push(s.packets().get(i), s.arrivals().get(i), out);
      if (i > 0) {
        d.push(s.packets().get(i - 1), s.arrivals().get(i - 1), out); // late, older duplicate
      }
    }
    assertEquals(30, out.size());
    assertEquals(2L * s.packets().size() - 1, d.drops().get("vp8.duplicate"));
    assertEquals(d.drops().get("vp8.duplicate"), d.drops().total());
  }

  @Test
  void framesWithoutMarkerEndAtTheNextFrameStart() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < s.packets().size(); i++) {
      d.push(withoutMarker(s.packets().get(i)), s.arrivals().get(i), out);
    }
    assertEquals(29, out.size(), "the last frame stays open: nothing proves it complete");
    d.flush(out);
    assertEquals(29, out.size());
    assertEquals(1, d.drops().get("vp8.frame_unterminated"));
    assertEquals(KEY_FRAMES, keyIndexes(out));
  }

  @Test
  void paddingOnlyPacketsTakeASequenceNumberWithoutLoss() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-ffmpeg-176x144-30f.pcap");
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    int shift = 0;
    for (int i = 0; i < s.packets().size(); i++) {
      RtpPacket p = s.packets().get(i);
      if (p.marker() && i % 3 == 0) {
        d.push(renumbered(p, shift), 0, out);
        shift++;
        d.push(paddingOnly(p, p.sequenceNumber() + shift), 0, out);
      } else {
        d.push(renumbered(p, shift), 0, out);
      }
    }
    assertTrue(shift > 0);
    assertEquals(30, out.size());
    assertEquals(0, d.drops().total());
  }

  @Test
  void sequenceNumbersWrapWithoutLoss() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    int shift = 0xffff - 50 - s.packets().get(0).sequenceNumber(); // 50 packets before the wrap
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (RtpPacket p : s.packets()) {
      d.push(renumbered(p, shift), 0, out);
    }
    assertEquals(30, out.size(), d.drops().toString());
    assertEquals(0, d.drops().total());
    assertTrue(out.get(0).firstSequence() > out.get(29).lastSequence(), "the capture crossed 65535");
  }

  @Test
  void resetForgetsTheStream() throws Exception {
    CapturedStream s = CapturedStream.load("vp8-gst-320x240-30f.pcap");
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      d.push(s.packets().get(i), 0, out);
    }
    d.reset();
    assertTrue(d.needsKeyframe());
    assertEquals(30, s.feed(d).size(), "sequence numbers from before the reset are no duplicates");
  }

  @Test
  void badPayloadsAreRejectedWithAReason() throws Exception {
    Vp8Depacketizer d = new Vp8Depacketizer();
    List<Frame> out = new ArrayList<>();
    MalformedPacketException e =
        assertThrows(MalformedPacketException.class, () -> d.push(rtp(1, true, 0x90, 0x80), 0, out));
    assertEquals("vp8.truncated", e.reason());
    // a one-packet "key frame" without the start code
    d.push(rtp(2, true, 0x10, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7), 0, out);
    assertEquals(1, d.drops().get("vp8.start_code"));
    assertTrue(out.isEmpty());
  }

  @Test
  void descriptorFieldsFollowRfc7741() throws Exception {
    // X=1 N=1 S=1 PID=2; I L T K; M=1 PictureID 0x1234; TL0PICIDX 7; TID 2 Y KEYIDX 5
    byte[] b = {(byte) 0xb2, (byte) 0xf0, (byte) 0x92, 0x34, 7, (byte) 0xa5, 0x55};
    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(b, 0, b.length);
    assertEquals(new Vp8PayloadDescriptor(true, true, 2, 0x1234, 7, 2, 5, 6), d);
    assertFalse(d.startsFrame());
    // X=1 with a 7-bit PictureID only
    byte[] seven = {(byte) 0x90, (byte) 0x80, 0x45, 0x00};
    assertEquals(new Vp8PayloadDescriptor(false, true, 0, 0x45, -1, -1, -1, 3),
        Vp8PayloadDescriptor.parse(seven, 0, seven.length));
    byte[] cut = {(byte) 0x90, (byte) 0x80, (byte) 0x92};
    assertEquals("vp8.truncated",
        assertThrows(MalformedPacketException.class, () -> Vp8PayloadDescriptor.parse(cut, 0, 3)).reason());
  }

  static boolean startsFrame(RtpPacket p) {
    try {
      return Vp8PayloadDescriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength()).startsFrame();
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  static List<Integer> keyIndexes(List<Frame> frames) {
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).keyframe()) {
        keys.add(i);
      }
    }
    return keys;
  }

  static RtpPacket withoutMarker(RtpPacket p) throws MalformedPacketException {
    byte[] b = p.toBytes();
    b[1] &= 0x7f;
    return RtpPacket.parse(b);
  }

  static RtpPacket renumbered(RtpPacket p, int shift) throws MalformedPacketException {
    byte[] b = p.toBytes();
    int seq = (p.sequenceNumber() + shift) & 0xffff;
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    return RtpPacket.parse(b);
  }

  /** A padding-only packet as browsers send for bandwidth probing: header plus 4 padding bytes. */
  static RtpPacket paddingOnly(RtpPacket like, int seq) throws MalformedPacketException {
    byte[] b = new byte[16];
    System.arraycopy(like.buffer(), like.offset(), b, 0, 12);
    b[0] = (byte) 0xa0;
    b[1] &= 0x7f;
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    b[15] = 4;
    return RtpPacket.parse(b);
  }

  static RtpPacket rtp(int seq, boolean marker, int... payload) throws MalformedPacketException {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | 96);
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    b[7] = 1;
    b[11] = 1;
    for (int i = 0; i < payload.length; i++) {
      b[12 + i] = (byte) payload[i];
    }
    return RtpPacket.parse(b);
  }
}
