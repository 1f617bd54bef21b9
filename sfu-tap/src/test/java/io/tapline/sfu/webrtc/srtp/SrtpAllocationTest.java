package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * AES_CM_128_HMAC_SHA1_80 protect and unprotect allocate nothing per packet once warm: the
 * forwarding I/O thread must not feed the young GC. Bytes are counted by the JVM for this thread
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, exact including the current
 * TLAB), so the assertion is on an allocation count, not on timing.
 *
 * <p>No byte tolerance, but several rounds: a round can catch the JIT replacing compiled code
 * (a deoptimisation re-creates on the heap the objects C2 had scalar-replaced; the likely cause
 * of 72 bytes seen once in 5,000 round trips on a quiet machine, not reproduced), so the test passes when one of up to
 * {@value #ROUNDS} rounds of {@value #MEASURED} round trips allocates exactly 0 bytes. Any
 * per-packet allocation shows in every round (the JDK AES/CTR + Mac code allocated ~1.5 KB per
 * round trip).
 * AEAD_AES_128_GCM is not covered: the JDK's GCM cipher allocates on every re-initialisation
 * (see sfu-tap/README.md).
 */
class SrtpAllocationTest {
  private static final int SIZE = 1200;
  private static final int WARM_UP = 30_000;
  private static final int MEASURED = 5_000;
  private static final int ROUNDS = 10;
  private static final int AUDIO_SSRC = 0x9abcdef0;
  private static final int VIDEO_SSRC = 0x11223344;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final DropCounters drops = new DropCounters();
  private final SrtpSessionKeys keys = SrtpSessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
      filled(16, 1), filled(14, 2));
  private final SrtpContext tx = new SrtpContext(keys, drops);
  private final SrtpContext rx = new SrtpContext(keys, drops);
  private final byte[] plain = new byte[SIZE];
  private final byte[] wire = new byte[SIZE + SrtpContext.MAX_OVERHEAD];
  private final byte[] back = new byte[SIZE + SrtpContext.MAX_OVERHEAD];
  private int seq;

  @Test
  void rtpProtectAndUnprotectOfTwoInterleavedStreamsAllocateNothing() throws Exception {
    Arrays.fill(plain, (byte) 0x5a);
    plain[0] = (byte) 0x80;
    plain[1] = 111;
    rtpRoundTrips(WARM_UP);
    assertSomeRoundAllocatesNothing("RTP", () -> rtpRoundTrips(MEASURED));
    assertEquals(0, drops.total());
  }

  @Test
  void rtcpProtectAndUnprotectAllocateNothing() throws Exception {
    Arrays.fill(plain, (byte) 0x3c);
    plain[0] = (byte) 0x80;
    plain[1] = (byte) 200;
    rtcpRoundTrips(WARM_UP);
    assertSomeRoundAllocatesNothing("RTCP", () -> rtcpRoundTrips(MEASURED));
    assertEquals(0, drops.total());
  }

  /** In place for protect (as the send path does), into a second buffer for unprotect. */
  private void rtpRoundTrips(int n) throws MalformedPacketException {
    for (int i = 0; i < n; i++) {
      int s = ++seq;
      plain[2] = (byte) (s >>> 8);
      plain[3] = (byte) s;
      SrtpContext.putInt(plain, 8, (i & 1) == 0 ? AUDIO_SSRC : VIDEO_SSRC);
      System.arraycopy(plain, 0, wire, 0, SIZE);
      int len = tx.protectRtp(wire, 0, SIZE);
      if (rx.unprotectRtp(wire, 0, len, back, 0) != SIZE || back[SIZE - 1] != plain[SIZE - 1]) {
        throw new AssertionError("round trip " + i + " did not give the packet back");
      }
    }
  }

  private void rtcpRoundTrips(int n) throws MalformedPacketException {
    for (int i = 0; i < n; i++) {
      SrtpContext.putInt(plain, 4, (i & 1) == 0 ? AUDIO_SSRC : VIDEO_SSRC);
      int len = tx.protectRtcp(plain, 0, SIZE, wire, 0);
      if (rx.unprotectRtcp(wire, 0, len) != SIZE || wire[SIZE - 1] != plain[SIZE - 1]) {
        throw new AssertionError("round trip " + i + " did not give the packet back");
      }
    }
  }

  private void assertSomeRoundAllocatesNothing(String what, RoundTrips roundTrips)
      throws MalformedPacketException {
    long[] perRound = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long before = allocatedBytes();
      roundTrips.run();
      perRound[round] = allocatedBytes() - before;
      if (perRound[round] == 0) {
        return;
      }
    }
    fail("bytes allocated by each round of " + MEASURED + " " + what + " round trips: "
        + Arrays.toString(perRound));
  }

  private interface RoundTrips {
    void run() throws MalformedPacketException;
  }

  private long allocatedBytes() {
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }
}
