package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PartBuffersTest {
  @Test
  void aReturnedBufferIsHandedOutAgainUpToTheIdleLimit() {
    PartBuffers p = new PartBuffers(1024, 2);
    byte[] a = p.take();
    byte[] b = p.take();
    byte[] c = p.take();
    assertEquals(1024, a.length);
    assertNotSame(a, b);
    p.give(a);
    p.give(b);
    p.give(c); // over the limit: dropped
    assertEquals(2, p.idle());
    assertSame(b, p.take(), "most recently returned first (still warm in cache)");
    assertSame(a, p.take());
    assertEquals(0, p.idle());
    assertNotSame(c, p.take());
  }

  @Test
  void foreignArraysAreNotPooled() {
    PartBuffers p = new PartBuffers(1024, 2);
    p.give(new byte[512]);
    p.give(null);
    assertEquals(0, p.idle());
    assertThrows(IllegalArgumentException.class, () -> new PartBuffers(0, 1));
  }
}
