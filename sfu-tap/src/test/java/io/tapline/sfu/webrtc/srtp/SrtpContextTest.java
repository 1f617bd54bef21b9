package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips and rejections for both profiles, through a sender and a receiver context. */
class SrtpContextTest {
  private static final int SSRC = 0x11223344;
  private final DropCounters drops = new DropCounters();

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void roundTripAcrossSequenceWrapIncrementsRoc(SrtpProfile profile) throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = context(profile, 1);
    for (int i = 0; i < 12; i++) {
      int seq = (65530 + i) & 0xffff;
      byte[] plain = rtp(seq, 100 + i);
      byte[] wire = protect(tx, plain);
      assertEquals(plain.length + profile.rtpTagLength(), wire.length);
      byte[] back = new byte[wire.length];
      int n = rx.unprotectRtp(wire, 0, wire.length, back, 0);
      assertArrayEquals(plain, Arrays.copyOf(back, n), "seq " + seq);
    }
    assertEquals(1, tx.rolloverCounter(SSRC));
    assertEquals(1, rx.rolloverCounter(SSRC));
    assertEquals(0, drops.total());
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void latePacketFromBeforeTheWrapUsesThePreviousRoc(SrtpProfile profile) throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = context(profile, 1);
    byte[] p65534 = protect(tx, rtp(65534, 50));
    byte[] p65535 = protect(tx, rtp(65535, 50));
    byte[] p0 = protect(tx, rtp(0, 50));
    rx.unprotectRtp(p65534, 0, p65534.length);
    rx.unprotectRtp(p0, 0, p0.length);
    assertEquals(1, rx.rolloverCounter(SSRC));
    // Appendix A: 65535 is closest to s_l = 0 with v = ROC - 1, so it authenticates.
    int n = rx.unprotectRtp(p65535, 0, p65535.length);
    assertArrayEquals(rtp(65535, 50), Arrays.copyOf(p65535, n));
    assertEquals(1, rx.rolloverCounter(SSRC));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetBeforeTheFirstOneSeenIsTooOld(SrtpProfile profile) throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = context(profile, 1);
    byte[] p5 = protect(tx, rtp(5, 50));
    byte[] p65535 = protect(tx, rtp(65535, 50));
    rx.unprotectRtp(p5, 0, p5.length);
    // v would be ROC - 1 = -1: there is no such index (RFC 3711 section 3.3.1).
    assertRejected("srtp.too_old", () -> rx.unprotectRtp(p65535, 0, p65535.length));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void wrongKeyIsRejectedAsAuth(SrtpProfile profile) throws Exception {
    byte[] wire = protect(context(profile, 1), rtp(7, 100));
    assertRejected("srtp.auth", () -> context(profile, 2).unprotectRtp(wire, 0, wire.length));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void tamperedByteIsRejectedAndDoesNotMoveTheWindow(SrtpProfile profile) throws Exception {
    SrtpContext rx = context(profile, 1);
    byte[] wire = protect(context(profile, 1), rtp(7, 100));
    for (int at : new int[] {3, 20, wire.length - 1}) { // header, payload, tag
      byte[] bad = wire.clone();
      bad[at] ^= 0x01;
      assertRejected("srtp.auth", () -> rx.unprotectRtp(bad, 0, bad.length));
    }
    assertEquals(3, drops.get("srtp.auth"));
    byte[] copy = wire.clone();
    rx.unprotectRtp(copy, 0, copy.length); // the genuine packet still passes
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayedPacketIsRejected(SrtpProfile profile) throws Exception {
    SrtpContext rx = context(profile, 1);
    byte[] wire = protect(context(profile, 1), rtp(7, 100));
    byte[] copy = wire.clone();
    rx.unprotectRtp(wire, 0, wire.length);
    assertRejected("srtp.replay", () -> rx.unprotectRtp(copy, 0, copy.length));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetBehindTheWindowIsRejectedAsTooOld(SrtpProfile profile) throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = new SrtpContext(keys(profile, 1), 64, drops);
    byte[] old = protect(tx, rtp(100, 40));
    byte[] reordered = protect(tx, rtp(101, 40));
    byte[] recent = protect(tx, rtp(164, 40));
    rx.unprotectRtp(recent, 0, recent.length);
    assertRejected("srtp.too_old", () -> rx.unprotectRtp(old, 0, old.length));
    rx.unprotectRtp(reordered, 0, reordered.length); // 63 behind: inside a 64-packet window
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void shortAndMalformedPacketsAreRejected(SrtpProfile profile) {
    SrtpContext rx = context(profile, 1);
    byte[] header = rtp(7, 0);
    assertRejected("srtp.short", () -> rx.unprotectRtp(header, 0, 11));
    assertRejected("srtp.short", () -> rx.unprotectRtp(header, 0, 12)); // no room for a tag
    byte[] v1 = rtp(7, 40);
    v1[0] = 0x40;
    assertRejected("srtp.version", () -> rx.unprotectRtp(v1, 0, v1.length));
    byte[] ext = rtp(7, 40);
    ext[0] |= 0x10; // X set, extension length 0x0000 at 14..15 -> header 16 bytes, fits
    ext[14] = 0x7f; // ...now 4 + 4 * 0x7f00 bytes: longer than the packet
    assertRejected("srtp.short", () -> rx.unprotectRtp(ext, 0, ext.length));
    assertRejected("srtcp.short", () -> rx.unprotectRtcp(new byte[21], 0, 21));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTripReplayAndTamper(SrtpProfile profile) throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = context(profile, 1);
    byte[] plain = rtcp();
    for (int i = 0; i < 3; i++) {
      byte[] wire = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
      int n = tx.protectRtcp(wire, 0, plain.length);
      byte[] replay = Arrays.copyOf(wire, n);
      byte[] tampered = Arrays.copyOf(wire, n);
      tampered[10] ^= 0x40;
      assertRejected("srtcp.auth", () -> rx.unprotectRtcp(tampered, 0, tampered.length));
      int m = rx.unprotectRtcp(wire, 0, n);
      assertArrayEquals(plain, Arrays.copyOf(wire, m));
      assertRejected("srtcp.replay", () -> rx.unprotectRtcp(replay, 0, replay.length));
    }
    assertRejected("srtcp.auth", () -> {
      byte[] w = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
      int n = context(profile, 1).protectRtcp(w, 0, plain.length);
      context(profile, 2).unprotectRtcp(w, 0, n);
    });
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void newSsrcsBeyondTheLimitAreRefusedWithoutForgettingOthers(SrtpProfile profile)
      throws Exception {
    SrtpContext tx = context(profile, 1);
    SrtpContext rx = context(profile, 1);
    for (int i = 0; i <= SrtpContext.MAX_SSRCS; i++) {
      byte[] p = rtp(1, 20);
      SrtpContext.putInt(p, 8, 1000 + i);
      if (i < SrtpContext.MAX_SSRCS) {
        byte[] wire = protect(tx, p);
        rx.unprotectRtp(wire, 0, wire.length);
      } else {
        assertRejected("srtp.ssrc_limit", () -> protect(tx, p));
      }
    }
    byte[] p = rtp(1, 20);
    SrtpContext.putInt(p, 8, 1000 + SrtpContext.MAX_SSRCS);
    byte[] wire = protect(context(profile, 1), p);
    assertRejected("srtp.ssrc_limit", () -> rx.unprotectRtp(wire, 0, wire.length));
    byte[] again = rtp(1, 20);
    SrtpContext.putInt(again, 8, 1000);
    byte[] replay = protect(context(profile, 1), again);
    assertRejected("srtp.replay", () -> rx.unprotectRtp(replay, 0, replay.length));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void callerBufferGivesTheSameBytesAsInPlace(SrtpProfile profile) throws Exception {
    byte[] plain = rtp(9, 300);
    byte[] inPlace = protect(context(profile, 1), plain);
    byte[] out = new byte[plain.length + 40];
    int n = context(profile, 1).protectRtp(plain, 0, plain.length, out, 20);
    assertArrayEquals(inPlace, Arrays.copyOfRange(out, 20, 20 + n));
    assertArrayEquals(rtp(9, 300), plain, "the input is left alone");
  }

  private SrtpContext context(SrtpProfile profile, int seed) {
    return new SrtpContext(keys(profile, seed), drops);
  }

  private static SrtpSessionKeys keys(SrtpProfile profile, int seed) {
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    Arrays.fill(key, (byte) seed);
    Arrays.fill(salt, (byte) (seed * 3));
    return SrtpSessionKeys.derive(profile, key, salt);
  }

  private static byte[] protect(SrtpContext tx, byte[] plain) throws MalformedPacketException {
    byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
    return Arrays.copyOf(buf, tx.protectRtp(buf, 0, plain.length));
  }

  static byte[] rtp(int seq, int payload) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    SrtpContext.putInt(p, 4, seq * 960);
    SrtpContext.putInt(p, 8, SSRC);
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (i * 7 + seq);
    }
    return p;
  }

  private static byte[] rtcp() {
    byte[] p = new byte[28]; // a sender report without report blocks
    p[0] = (byte) 0x80;
    p[1] = (byte) 200;
    p[3] = 6;
    SrtpContext.putInt(p, 4, SSRC);
    for (int i = 8; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  private void assertRejected(String reason, ThrowingRunnable r) {
    long before = drops.get(reason);
    MalformedPacketException e = assertThrows(MalformedPacketException.class, r::run);
    assertEquals(reason, e.reason());
    assertEquals(before + 1, drops.get(reason), "counted under " + reason);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
