package io.tapline.pipeline.codec;

import static io.tapline.pipeline.codec.Vp8DepacketizerTest.rtp;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusDepacketizerTest {

  @Test
  void gstreamerCaptureGivesOnePacketPerFrameOf20Ms() throws Exception {
    checkWholeCapture("opus-gst-50f.pcap");
  }

  @Test
  void ffmpegCaptureGivesOnePacketPerFrameOf20Ms() throws Exception {
    checkWholeCapture("opus-ffmpeg-50f.pcap");
  }

  private static void checkWholeCapture(String fixture) throws Exception {
    CapturedStream s = CapturedStream.load(fixture);
    OpusDepacketizer d = new OpusDepacketizer();
    List<Frame> frames = s.feed(d);
    // 50 buffers of 20 ms, plus the packet that flushes the encoder's look-ahead
    assertEquals(51, s.packets().size());
    assertEquals(s.packets().size(), frames.size());
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      assertEquals(960, f.durationSamples(), f.toString());
      assertTrue(f.keyframe());
      assertFalse(f.silence());
      assertArrayEquals(s.packets().get(i).payload(), f.data());
      // timestamps advance by the duration the TOC gives (both senders use 48 kHz RTP clocks);
      // GStreamer stamps its first packet 312 samples (the encoder's pre-skip) early
      if (i > 1 || (i == 1 && !fixture.contains("gst"))) {
        assertEquals(960, f.rtpTimestamp() - frames.get(i - 1).rtpTimestamp(), "frame " + i);
      }
    }
    assertEquals(0, d.drops().total());
    assertFalse(d.needsKeyframe());
  }

  @Test
  void dtxPacketsPassThroughAsSilence() throws Exception {
    // opusenc dtx=true on silence: 1-byte packets while silent, a comfort-noise update every 400 ms
    CapturedStream s = CapturedStream.load("opus-gst-dtx.pcap");
    OpusDepacketizer d = new OpusDepacketizer();
    List<Frame> frames = s.feed(d);
    assertEquals(s.packets().size(), frames.size());
    long silent = frames.stream().filter(Frame::silence).count();
    assertEquals(40, silent);
    for (Frame f : frames) {
      assertEquals(f.data().length <= 2, f.silence());
      assertEquals(960, f.durationSamples());
    }
    assertEquals(0, d.drops().total());
  }

  @Test
  void gapsAreCountedAndDuplicatesIgnored() throws Exception {
    CapturedStream s = CapturedStream.load("opus-ffmpeg-50f.pcap");
    OpusDepacketizer d = new OpusDepacketizer();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < s.packets().size(); i++) {
      if (i % 10 == 5) {
        continue;
      }
      d.push(s.packets().get(i), 0, out);
      d.push(s.packets().get(i), 0, out);
    }
    assertEquals(s.packets().size() - 5, out.size());
    assertEquals(5, d.drops().get("opus.gap"));
    assertEquals(out.size(), d.drops().get("opus.duplicate"));
    assertFalse(d.needsKeyframe(), "audio needs no key frame after loss");
  }

  @ParameterizedTest(name = "TOC {0}")
  @CsvSource({
    // toc (config<<3 | s<<2 | c), frame-count byte or -1, samples at 48 kHz
    "0x00, -1, 480",   // SILK NB 10 ms, code 0
    "0x08, -1, 960",   // SILK NB 20 ms
    "0x10, -1, 1920",  // SILK NB 40 ms
    "0x18, -1, 2880",  // SILK NB 60 ms
    "0x48, -1, 960",   // SILK WB 20 ms
    "0x60, -1, 480",   // Hybrid SWB 10 ms
    "0x78, -1, 960",   // Hybrid FB 20 ms
    "0x80, -1, 120",   // CELT NB 2.5 ms
    "0xf8, -1, 960",   // CELT FB 20 ms
    "0xfc, -1, 960",   // stereo flag does not change duration
    "0xf9, -1, 1920",  // code 1: two 20 ms frames
    "0x1b, 0x02, 5760", // code 3: two 60 ms SILK frames = 120 ms
    "0x83, 0x30, 5760", // code 3: 48 CELT 2.5 ms frames
  })
  void durationFromTheTocByte(String toc, String countByte, int samples) throws Exception {
    int t = Integer.decode(toc);
    int c = Integer.decode(countByte);
    byte[] packet = c < 0 ? new byte[] {(byte) t, 1, 2, 3, 4} : new byte[] {(byte) t, (byte) c, 1, 2};
    assertEquals(samples, OpusPacketDuration.samples(packet, 0, packet.length));
  }

  @Test
  void packetsBreakingRfc6716RulesAreRejected() throws Exception {
    assertEquals("opus.empty", reason(new byte[0]));
    assertEquals("opus.frame_size", reason(new byte[] {(byte) 0xf9, 1, 2, 3})); // code 1, 3 bytes for 2 equal frames
    assertEquals("opus.frame_count", reason(new byte[] {(byte) 0x1b, 0x03})); // 3 x 60 ms
    assertEquals("opus.frame_count", reason(new byte[] {(byte) 0x83, 0x00})); // M = 0
    assertEquals("opus.truncated", reason(new byte[] {(byte) 0x83}));
    assertEquals("opus.truncated", reason(new byte[] {(byte) 0xfa, 10, 1, 2})); // code 2, 10 > 2
    assertEquals("opus.frame_size", reason(new byte[1277])); // one 1276-byte frame
    OpusDepacketizer d = new OpusDepacketizer();
    MalformedPacketException e = assertThrows(MalformedPacketException.class,
        () -> d.push(rtp(1, true, 0x83), 0, new ArrayList<>()));
    assertEquals("opus.truncated", e.reason());
    assertFalse(OpusDepacketizer.isKeyframeStart(rtp(1, true, 0x83)));
    assertTrue(OpusDepacketizer.isKeyframeStart(rtp(1, true, 0xf8)));
  }

  @Test
  void paddingOnlyPacketsAreSkipped() throws Exception {
    RtpPacket like = rtp(7, true, 0xf8);
    OpusDepacketizer d = new OpusDepacketizer();
    List<Frame> out = new ArrayList<>();
    d.push(Vp8DepacketizerTest.paddingOnly(like, 7), 0, out);
    d.push(rtp(8, true, 0xf8, 0x01), 0, out);
    assertEquals(1, out.size());
    assertEquals(0, d.drops().total());
  }

  private static String reason(byte[] packet) {
    return assertThrows(MalformedPacketException.class,
        () -> OpusPacketDuration.samples(packet, 0, packet.length)).reason();
  }
}
