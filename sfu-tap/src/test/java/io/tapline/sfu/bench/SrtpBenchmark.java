package io.tapline.sfu.bench;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import io.tapline.sfu.webrtc.srtp.SrtpSessionKeys;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect and unprotect (packets per second on one thread) for both profiles and two packet
 * sizes (100 bytes: an Opus frame; 1200 bytes: a full video packet), next to what the JDK's AES
 * alone does over the same number of bytes: {@link #jdkAesCtrNoAuth} (the AES-CM cipher without
 * HMAC) and {@link #jdkAesGcm} (GCM with the 12-byte header as AAD). The ratio is SRTP's own cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A small pre-touched heap: otherwise a short fork measures page faults (see bench-notes/rtp.md).
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class SrtpBenchmark {
  private static final int HEADER = 12;

  /** One sender and one receiver context, and a ring of packets already protected for rx. */
  @State(Scope.Thread)
  public static class Srtp {
    @Param({"100", "1200"})
    public int size;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public SrtpProfile profile;

    static final int RING = 4096;
    final DropCounters drops = new DropCounters();
    SrtpSessionKeys keys;
    SrtpContext tx;
    SrtpContext rx;
    byte[] txBuf;
    byte[][] ring;
    byte[] work;
    int seq;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws MalformedPacketException {
      keys = SrtpSessionKeys.derive(profile, filled(profile.keyLength(), 1),
          filled(profile.saltLength(), 2));
      tx = new SrtpContext(keys, drops);
      txBuf = packet(size, SrtpContext.MAX_OVERHEAD);
      SrtpContext sender = new SrtpContext(keys, drops);
      ring = new byte[RING][];
      for (int i = 0; i < RING; i++) {
        byte[] p = packet(size, SrtpContext.MAX_OVERHEAD);
        p[2] = (byte) (i >>> 8);
        p[3] = (byte) i;
        int n = sender.protectRtp(p, 0, size);
        ring[i] = java.util.Arrays.copyOf(p, n);
      }
      work = new byte[size + SrtpContext.MAX_OVERHEAD];
      rx = new SrtpContext(keys, drops);
    }
  }

  /** The same buffer sizes for the JDK-only baselines. */
  @State(Scope.Thread)
  public static class Raw {
    @Param({"100", "1200"})
    public int size;

    final SecretKeySpec key = new SecretKeySpec(filled(16, 1), "AES");
    final byte[] iv16 = new byte[16];
    final byte[] iv12 = new byte[12];
    Cipher ctr;
    Cipher gcm;
    byte[] buf;
    int counter;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
      buf = packet(size, 16);
    }
  }

  /** In place, a new sequence number each time (GCM must never repeat an IV). */
  @Benchmark
  public int protect(Srtp s) throws MalformedPacketException {
    int seq = ++s.seq;
    s.txBuf[2] = (byte) (seq >>> 8);
    s.txBuf[3] = (byte) seq;
    return s.tx.protectRtp(s.txBuf, 0, s.size);
  }

  /**
   * Copies one protected packet out of the ring and unprotects it. After a full ring the receiver
   * is replaced (its replay list would reject the same indices); that is one context per 4096
   * packets, included in the figure.
   */
  @Benchmark
  public int unprotect(Srtp s) throws MalformedPacketException {
    if (s.next == Srtp.RING) {
      s.next = 0;
      s.rx = new SrtpContext(s.keys, s.drops);
    }
    byte[] p = s.ring[s.next++];
    return s.rx.unprotectRtp(p, 0, p.length, s.work, 0);
  }

  @Benchmark
  public int jdkAesCtrNoAuth(Raw r) throws GeneralSecurityException {
    bump(r.iv16, ++r.counter);
    r.ctr.init(Cipher.ENCRYPT_MODE, r.key, new IvParameterSpec(r.iv16));
    return r.ctr.doFinal(r.buf, HEADER, r.size - HEADER, r.buf, HEADER);
  }

  @Benchmark
  public int jdkAesGcm(Raw r) throws GeneralSecurityException {
    bump(r.iv12, ++r.counter);
    r.gcm.init(Cipher.ENCRYPT_MODE, r.key, new GCMParameterSpec(128, r.iv12));
    r.gcm.updateAAD(r.buf, 0, HEADER);
    return r.gcm.doFinal(r.buf, HEADER, r.size - HEADER, r.buf, HEADER);
  }

  private static void bump(byte[] iv, int counter) {
    int at = iv.length - 4;
    iv[at] = (byte) (counter >>> 24);
    iv[at + 1] = (byte) (counter >>> 16);
    iv[at + 2] = (byte) (counter >>> 8);
    iv[at + 3] = (byte) counter;
  }

  static byte[] packet(int size, int spare) {
    byte[] p = new byte[size + spare];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[8] = 0x12;
    p[11] = 0x34;
    for (int i = HEADER; i < size; i++) {
      p[i] = (byte) (i * 31);
    }
    return p;
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
