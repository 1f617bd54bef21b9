package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DepacketizersTest {

  @Test
  void createsByRtpmapNameIgnoringCase() {
    assertInstanceOf(Vp8Depacketizer.class, Depacketizers.create("VP8"));
    assertInstanceOf(Vp9Depacketizer.class, Depacketizers.create("vp9"));
    assertInstanceOf(H264Depacketizer.class, Depacketizers.create("H264"));
    assertInstanceOf(Av1Depacketizer.class, Depacketizers.create("av1"));
    assertInstanceOf(OpusDepacketizer.class, Depacketizers.create("opus"));
    assertEquals("OPUS", Depacketizers.create("Opus").codec());
    assertNotSame(Depacketizers.create("VP8"), Depacketizers.create("VP8"), "one instance per stream");
    assertTrue(Depacketizers.supports("h264"));
    assertTrue(Depacketizers.supports("AV1"));
    assertFalse(Depacketizers.supports("H265"));
    assertFalse(Depacketizers.supports(null));
  }

  @Test
  void unknownCodecsGetAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Depacketizers.create("H265"));
    assertTrue(e.getMessage().contains("'H265'") && e.getMessage().contains("AV1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Depacketizers.keyframeDetector("H265"));
    assertThrows(IllegalArgumentException.class, () -> Depacketizers.create(null));
  }

  @Test
  void keyframeDetectorsMatchTheDepacketizers() {
    for (String[] c : new String[][] {{"VP8", "vp8-gst-320x240-30f.pcap"}, {"VP9", "vp9-gst-320x240-30f.pcap"},
        {"H264", "h264-ffmpeg-640x360-30f.pcap"}, {"AV1", "av1-ffmpeg8-320x240-30f.pcap"}}) {
      KeyframeDetector k = Depacketizers.keyframeDetector(c[0]);
      // H.264 flags both the packet with the SPS and the one with the first IDR slice: count pictures
      long starts = CapturedStream.load(c[1]).packets().stream().filter(k::isKeyframeStart)
          .map(p -> p.timestamp()).distinct().count();
      assertEquals(3, starts, c[0]);
    }
  }
}
