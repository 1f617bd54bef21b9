package io.tapline.pipeline.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {
  @Test
  void wrapsForwardAndKeepsLateTimestampsInTheirCycle() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    assertEquals(0xffff_f000L, u.unwrap(0xffff_f000L));
    assertEquals(0x1_0000_0bb8L, u.unwrap(0x0bb8)); // +0x1bb8 through the wrap
    assertEquals(0xffff_fc00L, u.unwrap(0xffff_fc00L)); // late, before the wrap
    assertEquals(0x1_0000_1770L, u.unwrap(0x1770));
  }

  @Test
  void tenMinutesOfNinetyKilohertzWithSeveralWraps() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    long ext = 0xffff_0000L;
    for (int i = 0; i < 200_000; i++) {
      assertEquals(ext, u.unwrap(ext & 0xffff_ffffL));
      ext += 3000 + 7_000_000L * (i % 1000 == 999 ? 100 : 0); // 30 fps frames and a few 2-hour jumps
    }
  }

  @Test
  void jumpOfMoreThanHalfTheRangeIsTakenAsBackwards() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    u.unwrap(0);
    assertEquals(-(1L << 31), u.unwrap(1L << 31));
    assertEquals((1L << 31) - 1, u.unwrap((1L << 31) - 1));
    assertThrows(IllegalArgumentException.class, () -> u.unwrap(-1));
  }
}
