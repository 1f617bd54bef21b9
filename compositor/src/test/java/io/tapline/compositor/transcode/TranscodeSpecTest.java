package io.tapline.compositor.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.compositor.compose.OutputFormat;
import org.junit.jupiter.api.Test;

class TranscodeSpecTest {
  @Test
  void sizeIsKeptScaledWithItsAspectOrForced() {
    assertArrayEquals(new int[] {1280, 720}, new TranscodeSpec(OutputFormat.MP4, 0, 0, 0)
        .outputSize(1280, 720));
    assertArrayEquals(new int[] {640, 360}, new TranscodeSpec(OutputFormat.MP4, 640, 0, 0)
        .outputSize(1280, 720));
    assertArrayEquals(new int[] {640, 480}, new TranscodeSpec(OutputFormat.MP4, 640, 480, 0)
        .outputSize(1280, 720));
    // odd results are made even (4:2:0)
    assertArrayEquals(new int[] {100, 56}, new TranscodeSpec(OutputFormat.MP4, 100, 0, 0)
        .outputSize(1280, 720));
  }

  @Test
  void codecNamesAsStreamsCarryThem() {
    assertEquals("vp9", new TranscodeSpec(OutputFormat.WEBM_VP9, 0, 0, 0).videoCodecName());
    assertEquals("opus", new TranscodeSpec(OutputFormat.WEBM_VP9, 0, 0, 0).audioCodecName());
    assertEquals("h264", new TranscodeSpec(OutputFormat.MP4, 0, 0, 0).videoCodecName());
  }

  @Test
  void badRequestsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.HLS_TS, 0,
        0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.MP4, 641,
        0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.MP4, 0,
        360, 0));
    assertThrows(IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.MP4, 640,
        360, 5));
    assertThrows(NullPointerException.class, () -> new TranscodeSpec(null, 0, 0, 0));
  }
}
