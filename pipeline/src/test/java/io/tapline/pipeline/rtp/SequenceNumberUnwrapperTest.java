package io.tapline.pipeline.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceNumberUnwrapperTest {
  private static long[] unwrapAll(int... seqs) {
    SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
    long[] out = new long[seqs.length];
    for (int i = 0; i < seqs.length; i++) {
      out[i] = u.unwrap(seqs[i]);
    }
    return out;
  }

  @Test
  void wrapsForward() {
    assertEquals(List.of(65534L, 65535L, 65536L, 65537L),
        Arrays.stream(unwrapAll(65534, 65535, 0, 1)).boxed().toList());
  }

  @Test
  void manyWrapsInOrder() {
    SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
    long expected = 40_000;
    for (int i = 0; i < 5 * 65536; i++) {
      assertEquals(expected, u.unwrap((int) (expected & 0xffff)));
      expected += 1 + (i % 3); // small gaps (loss) too
    }
  }

  @Test
  void lateBeforeWrapArrivingAfterWrapStaysInTheOldCycle() {
    long[] x = unwrapAll(65533, 0, 1, 65534, 65535, 2);
    assertEquals(65533, x[0]);
    assertEquals(65536, x[1]);
    assertEquals(65537, x[2]);
    assertEquals(65534, x[3]); // late, across the wrap
    assertEquals(65535, x[4]);
    assertEquals(65538, x[5]); // the highest was not moved back by the late ones
  }

  @Test
  void earlyAfterWrapThenLateBeforeIt() {
    long[] x = unwrapAll(65535, 1, 0);
    assertEquals(65535, x[0]);
    assertEquals(65537, x[1]);
    assertEquals(65536, x[2]);
  }

  @Test
  void packetOlderThanTheFirstIsNegative() {
    long[] x = unwrapAll(0, 65535);
    assertEquals(-1, x[1]);
  }

  @Test
  void lossUpToMaxDropoutIsAcceptedDirectly() {
    long[] x = unwrapAll(65000, (65000 + 2999) & 0xffff, ((65000 + 2999) & 0xffff) + 1);
    assertEquals(65000 + 2999, x[1]);
    assertEquals(65000 + 3000, x[2]);
  }

  @Test
  void largeJumpIsBelievedOnlyWhenTheNextPacketFollowsIt() {
    SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
    u.unwrap(1000);
    assertEquals(20000, u.unwrap(20000)); // nearest interpretation of a lone jump
    assertEquals(1000, u.highest()); // not trusted yet
    assertEquals(1001, u.unwrap(1001)); // the old stream goes on
    assertEquals(30000, u.unwrap(30000));
    assertEquals(30001, u.unwrap(30001)); // confirmed: A.1's resynchronisation
    assertEquals(30001, u.highest());
    assertEquals(30002, u.unwrap(30002));
  }

  @Test
  void largeJumpAcrossTheWrapResyncs() {
    SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
    u.unwrap(60000);
    assertEquals(65536 + 10000, u.unwrap(10000)); // +15536 ahead, through the wrap
    assertEquals(65536 + 10001, u.unwrap(10001));
    assertEquals(65536 + 10002, u.unwrap(10002));
  }

  @Test
  void duplicateKeepsItsNumber() {
    long[] x = unwrapAll(5, 6, 6, 7);
    assertEquals(6, x[2]);
    assertEquals(7, x[3]);
  }
}
