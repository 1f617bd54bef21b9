package io.tapline.compositor.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HlsSpecTest {
  @Test
  void segmentExtensionFollowsTheType() {
    assertEquals("m4s", new HlsSpec(HlsSpec.SegmentType.FMP4, 4).segmentExtension());
    assertEquals("ts", new HlsSpec(HlsSpec.SegmentType.TS, 4).segmentExtension());
  }

  @Test
  void segmentDurationIsBounded() {
    assertThrows(IllegalArgumentException.class, () -> new HlsSpec(HlsSpec.SegmentType.TS, 0));
    assertThrows(IllegalArgumentException.class, () -> new HlsSpec(HlsSpec.SegmentType.TS, 61));
  }
}
