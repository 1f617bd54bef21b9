package io.tapline.sfu.webrtc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtxPayloadTypesTest {
  @Test
  void oneStableRtxPayloadTypePerPrimaryOutsideEveryPrimary() {
    RtxPayloadTypes r = new RtxPayloadTypes();
    int vp8 = r.rtxFor(96, Set.of(111, 96));
    assertEquals(63, vp8);
    assertEquals(vp8, r.rtxFor(96, Set.of(111, 96, 98)), "same primary, same RTX, in every section");
    int vp9 = r.rtxFor(98, Set.of(111, 96, 98, 62));
    assertEquals(61, vp9, "62 is a primary, 63 is VP8's RTX");
    assertTrue(r.isRtx(61));
    assertFalse(r.isRtx(96));
  }

  @Test
  void fallsBackToTheUpperDynamicRangeAndFailsWhenEverythingIsTaken() {
    RtxPayloadTypes r = new RtxPayloadTypes();
    Set<Integer> used = new HashSet<>();
    for (int pt = 35; pt <= 63; pt++) {
      used.add(pt);
    }
    int rtx = r.rtxFor(35, used);
    assertEquals(127, rtx);
    for (int pt = 96; pt <= 127; pt++) {
      used.add(pt);
    }
    assertNotEquals(rtx, -1);
    assertThrows(IllegalStateException.class, () -> r.rtxFor(36, used));
  }
}
