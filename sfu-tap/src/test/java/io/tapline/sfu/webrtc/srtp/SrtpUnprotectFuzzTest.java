package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random input to the receive side: truncated, bit-flipped and random datagrams either
 * unprotect or are rejected with a counted {@link MalformedPacketException}; nothing unchecked
 * escapes, and a mutated packet is never accepted.
 */
class SrtpUnprotectFuzzTest {
  private static final int ROUNDS = 1500;

  /**
   * Coverage-guided (Jazzer) unprotect of one datagram (RFC 3711 section 3.3, RFC 7714 section
   * 9.2): the first byte picks the profile and SRTP or SRTCP, the rest is the datagram, against
   * fixed all-zero master keys, so the seeds ({@code SrtpUnprotectFuzzTestInputs/unprotect/}:
   * genuine packets protected with them) reach the cipher and tag code. Only a counted
   * {@link MalformedPacketException} may come out of a bad packet; an accepted one shrinks by the
   * tag (and the SRTCP index) and keeps its RTP header.
   */
  @com.code_intelligence.jazzer.junit.FuzzTest(maxDuration = "60s") // JAZZER_FUZZ=1 to fuzz; else the seeds
  void unprotect(byte[] data) {
    if (data.length < 1) {
      return;
    }
    SrtpProfile profile = SrtpProfile.values()[(data[0] & 0x7f) % SrtpProfile.values().length];
    boolean rtcp = (data[0] & 0x80) != 0;
    DropCounters drops = new DropCounters();
    SrtpContext rx = new SrtpContext(SrtpSessionKeys.derive(profile, new byte[profile.keyLength()],
        new byte[profile.saltLength()]), drops);
    byte[] packet = Arrays.copyOfRange(data, 1, data.length);
    try {
      int n = rtcp ? rx.unprotectRtcp(packet, 0, packet.length) : rx.unprotectRtp(packet, 0, packet.length);
      assertTrue(n >= (rtcp ? 8 : 12) && n < packet.length, "accepted length " + n + " of " + packet.length);
    } catch (MalformedPacketException e) {
      assertEquals(1, drops.total(), "every refusal is counted once");
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void mutatedAndRandomDatagramsAreRejectedCleanly(SrtpProfile profile) throws Exception {
    DropCounters drops = new DropCounters();
    SrtpSessionKeys keys = SrtpSessionKeys.derive(profile, new byte[profile.keyLength()],
        new byte[profile.saltLength()]);
    SrtpContext tx = new SrtpContext(keys, drops);
    SrtpContext rx = new SrtpContext(keys, 64, drops);
    Random random = new Random(7714);
    long rejected = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] plain = SrtpContextTest.rtp(i & 0xffff, random.nextInt(60));
      byte[] wire = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
      int n = tx.protectRtp(wire, 0, plain.length);
      byte[] rtcp = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
      rtcp[1] = (byte) 200;
      SrtpContext.putInt(rtcp, 4, 0x11223344); // the sender SSRC, where RTCP puts it
      int m = tx.protectRtcp(rtcp, 0, plain.length);

      byte[] bad = mutate(random, Arrays.copyOf(wire, n));
      try {
        rx.unprotectRtp(bad, 0, bad.length);
        throw new AssertionError("a mutated SRTP packet was accepted, round " + i);
      } catch (MalformedPacketException expected) {
        rejected++;
      }
      byte[] badRtcp = mutate(random, Arrays.copyOf(rtcp, m));
      try {
        rx.unprotectRtcp(badRtcp, 0, badRtcp.length);
        throw new AssertionError("a mutated SRTCP packet was accepted, round " + i);
      } catch (MalformedPacketException expected) {
        rejected++;
      }
      byte[] noise = new byte[random.nextInt(80)];
      random.nextBytes(noise);
      if (noise.length > 0) {
        noise[0] = (byte) (0x80 | (noise[0] & 0x3f)); // version 2, to get past the first check
      }
      rejected += tryBoth(rx, noise);
      // The genuine packet still goes through after all that.
      assertEquals(plain.length, rx.unprotectRtp(wire, 0, n));
    }
    assertTrue(rejected >= 2L * ROUNDS);
    assertEquals(rejected, drops.total(), drops.toString());
  }

  /** Truncates, flips one bit, or appends a byte: each changes what the tag covers or its place. */
  private static byte[] mutate(Random random, byte[] p) {
    switch (random.nextInt(3)) {
      case 0:
        return Arrays.copyOf(p, random.nextInt(p.length));
      case 1:
        int at = random.nextInt(p.length);
        p[at] ^= (byte) (1 << random.nextInt(8));
        return p;
      default:
        byte[] longer = Arrays.copyOf(p, p.length + 1);
        longer[p.length] = (byte) random.nextInt(256);
        return longer;
    }
  }

  private static int tryBoth(SrtpContext rx, byte[] noise) {
    int rejected = 0;
    try {
      rx.unprotectRtp(noise.clone(), 0, noise.length);
    } catch (MalformedPacketException e) {
      rejected++;
    }
    try {
      rx.unprotectRtcp(noise.clone(), 0, noise.length);
    } catch (MalformedPacketException e) {
      rejected++;
    }
    return rejected;
  }
}
