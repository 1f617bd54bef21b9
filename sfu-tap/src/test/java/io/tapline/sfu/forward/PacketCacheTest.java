package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCacheTest {
  @Test
  void keepsTheLastPacketsBySequenceSsrcAndEpoch() {
    PacketCache cache = new PacketCache(100);
    assertEquals(128, cache.capacity());
    for (int seq = 65500; seq < 65500 + 200; seq++) {
      byte[] p = new byte[20 + seq % 7];
      Arrays.fill(p, (byte) seq);
      cache.store(p, 0, p.length, seq & 0xffff, 9, 1);
    }
    int newest = (65500 + 199) & 0xffff;
    int slot = cache.find(newest, 9, 1);
    byte[] expected = new byte[20 + (65500 + 199) % 7];
    Arrays.fill(expected, (byte) (65500 + 199));
    assertArrayEquals(expected, Arrays.copyOf(cache.data(slot), cache.length(slot)));
    assertEquals(-1, cache.find((65500 + 199 - 128) & 0xffff, 9, 1), "overwritten");
    assertEquals(-1, cache.find(newest, 8, 1), "other SSRC");
    assertEquals(-1, cache.find(newest, 9, 2), "other epoch");
  }

  @Test
  void growsASlotForALargePacket() {
    PacketCache cache = new PacketCache(16);
    byte[] big = new byte[3000];
    big[2999] = 7;
    cache.store(big, 0, big.length, 5, 1, 1);
    assertEquals(7, cache.data(cache.find(5, 1, 1))[2999]);
  }
}
