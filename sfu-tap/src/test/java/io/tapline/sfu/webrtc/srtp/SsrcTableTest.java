package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcTableTest {
  @Test
  void findsEveryStateItHoldsAndNothingElse() {
    Random random = new Random(256);
    SsrcTable table = new SsrcTable(SrtpContext.MAX_SSRCS);
    Map<Integer, SsrcState> expected = new HashMap<>();
    // Random SSRCs, plus ones that differ only in the high bits (the same low bits collide).
    for (int i = 0; i < 128; i++) {
      expected.putIfAbsent(random.nextInt(), new SsrcState(64));
      expected.putIfAbsent(i << 24, new SsrcState(64));
    }
    expected.forEach(table::put);
    assertEquals(expected.size(), table.size());
    expected.forEach((ssrc, state) -> assertSame(state, table.get(ssrc)));
    for (int i = 0; i < 10_000; i++) {
      int ssrc = random.nextInt();
      if (!expected.containsKey(ssrc)) {
        assertNull(table.get(ssrc));
      }
    }
  }

  @Test
  void refusesMoreThanItsCapacityAndReplacesAnExistingKey() {
    SsrcTable table = new SsrcTable(2);
    table.put(0, new SsrcState(64));
    SsrcState second = new SsrcState(64);
    table.put(-1, new SsrcState(64));
    assertThrows(IllegalStateException.class, () -> table.put(7, new SsrcState(64)));
    assertNull(table.get(7));
    assertEquals(2, table.size());
    table.put(-1, second);
    assertSame(second, table.get(-1));
    assertEquals(2, table.size());
  }
}
