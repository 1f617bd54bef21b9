package io.tapline.compositor.synthetic;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.synthetic.YuvPicture.Color;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

class SyntheticMediaTest {
  @Test
  void vp8PicturesComeOutOneByOneWithKeyframesWhereAskedAndTheirSize() throws Exception {
    List<EncodedPacket> out = new ArrayList<>();
    try (SyntheticVideo v = SyntheticVideo.vp8(160, 90, 15, 200_000, 100, new TestPattern("Ann", new Color(81, 90, 240), 15))) {
      for (int i = 0; i < 12; i++) {
        List<EncodedPacket> got = v.next(i == 7);
        assertEquals(1, got.size(), "no look-ahead: picture " + i + " comes out at once");
        out.addAll(got);
      }
      out.addAll(v.flush());
    }
    assertEquals(12, out.size());
    for (int i = 0; i < out.size(); i++) {
      EncodedPacket p = out.get(i);
      assertEquals(i, p.pts());
      boolean key = i == 0 || i == 7;
      assertEquals(key, p.keyframe(), "picture " + i);
      // RFC 6386 section 9.1: P bit clear on keyframes, which carry the size
      assertEquals(key, (p.data()[0] & 1) == 0, "frame tag of picture " + i);
      if (key) {
        assertEquals(160, (p.data()[6] & 0xff) | (p.data()[7] & 0x3f) << 8);
        assertEquals(90, (p.data()[8] & 0xff) | (p.data()[9] & 0x3f) << 8);
      }
    }
  }

  @Test
  void opusComesIn20msPacketsStampedFromMinusTheEncoderDelay() throws Exception {
    List<EncodedPacket> out = new ArrayList<>();
    try (SyntheticAudio a = SyntheticAudio.opus(2, 64_000, new Tone(440, 0.3, 0.05, 500))) {
      assertEquals(960, a.frameSize());
      for (int i = 0; i < 50; i++) {
        out.addAll(a.next());
      }
      int padding = a.initialPadding();
      assertTrue(padding > 0, "libopus has an encoder delay");
      assertEquals(-padding, out.get(0).pts());
    }
    assertTrue(out.size() >= 49, "one packet per 20 ms: " + out.size());
    for (int i = 1; i < out.size(); i++) {
      assertEquals(960, out.get(i).pts() - out.get(i - 1).pts());
    }
  }

  @Test
  void skippingAheadLeavesAGapInTheTimestamps() throws Exception {
    try (SyntheticVideo v = SyntheticVideo.vp8(160, 90, 15, 200_000, 100, (p, i) -> p.fill(Color.BLACK));
        SyntheticAudio a = SyntheticAudio.opus(1, 32_000, new Tone(300, 0.2, 0.2, 0))) {
      v.next(false);
      v.skipTo(10);
      assertEquals(10, v.next(false).get(0).pts());
      assertThrows(IllegalArgumentException.class, () -> v.skipTo(3));
      List<EncodedPacket> before = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        before.addAll(a.next());
      }
      a.skipTo(48_000);
      List<EncodedPacket> after = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        after.addAll(a.next());
      }
      long gap = after.get(after.size() - 1).pts() - before.get(before.size() - 1).pts();
      assertTrue(gap > 48_000 - 5 * 960, "the timestamps jump over the skipped second: " + gap);
    }
  }

  @Test
  void theTestPatternShowsColourClockAndAMovingBar() {
    AVFrame f = av_frame_alloc();
    f.format(AV_PIX_FMT_YUV420P);
    f.width(320);
    f.height(180);
    av_frame_get_buffer(f, 32);
    try {
      YuvPicture p = new YuvPicture(f);
      Color blue = new Color(41, 240, 110);
      TestPattern t = new TestPattern("Bob", blue, 10);
      t.paint(p, 0);
      byte[] first = luma(f);
      assertEquals(41, first[1 * f.linesize(0) + 319] & 0xff, "background at the top right");
      assertEquals(240, new BytePointer(f.data(1)).get(0) & 0xff, "chroma of the background");
      int barRow = 180 - 180 / 8 + 2;
      assertEquals(235, first[barRow * f.linesize(0) + 1] & 0xff, "the bar starts at the left");
      t.paint(p, 20); // two seconds later: the bar is half way, the clock moved
      byte[] later = luma(f);
      assertEquals(41, later[barRow * f.linesize(0) + 1] & 0xff);
      assertNotEquals(java.util.Arrays.hashCode(first), java.util.Arrays.hashCode(later));
      int midRow = 90;
      boolean anyWhite = false;
      for (int x = 0; x < 320; x++) {
        anyWhite |= (later[midRow * f.linesize(0) + x] & 0xff) == 235;
      }
      assertTrue(anyWhite, "the clock is drawn across the middle");
    } finally {
      av_frame_free(f);
    }
  }

  @Test
  void toneIsLoudThenQuietEachSecondAndRefusesNonsense() {
    Tone t = new Tone(1000, 0.5, 0.0, 250);
    double peakOn = 0;
    double peakOff = 0;
    for (int i = 0; i < 48_000; i++) {
      double v = Math.abs(t.sample(i));
      if (i < 12_000) {
        peakOn = Math.max(peakOn, v);
      } else {
        peakOff = Math.max(peakOff, v);
      }
    }
    assertEquals(0.5, peakOn, 0.01);
    assertEquals(0.0, peakOff, 1e-9);
    assertThrows(IllegalArgumentException.class, () -> new Tone(30_000, 0.5, 0, 100));
    assertThrows(IllegalArgumentException.class, () -> new Color(300, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticVideo.vp8(161, 90, 15, 1, 1, (p, i) -> {}));
    assertFalse(BlockFont.has('~'));
    assertTrue(BlockFont.has('z'));
  }

  private static byte[] luma(AVFrame f) {
    byte[] b = new byte[f.linesize(0) * f.height()];
    new BytePointer(f.data(0)).get(b);
    return b;
  }
}
