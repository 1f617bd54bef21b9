package io.tapline.sfu.webrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 section 4.1.1): keystream block j is
 * AES(IV + j), where the IV's low 16 bits are zero, so the block counter simply fills them, and at
 * most 2^16 blocks are used per IV. One {@code AES/ECB/NoPadding} {@link Cipher} initialised once
 * for the key encrypts all counter blocks of a packet in a single multi-block call; the counter
 * and keystream buffers are reused and grow only when a longer payload comes. Nothing is allocated
 * per packet, unlike re-initialising {@code AES/CTR} with a new {@code IvParameterSpec}.
 *
 * <p>Not thread-safe: one instance per key and thread.
 */
final class AesCounterMode {
  /** Section 4.1.1: the keystream of one IV is at most 2^16 blocks (1 MiB). */
  static final int MAX_BLOCKS = 1 << 16;
  /** Room for a 1500-byte datagram's payload before the first growth. */
  private static final int INITIAL_BLOCKS = 96;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Cipher ecb;
  private byte[] counters = new byte[INITIAL_BLOCKS * 16];
  private byte[] keystream = new byte[INITIAL_BLOCKS * 16];

  AesCounterMode(byte[] key) {
    try {
      ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding is missing from this JDK", e);
    }
  }

  /**
   * XORs the keystream for {@code iv} (16 bytes, low 16 bits zero; they are ignored) into
   * {@code len} bytes of {@code in}, written to {@code out}, which may be {@code in} at the same
   * offset.
   *
   * @throws IllegalArgumentException if {@code len} needs more than {@link #MAX_BLOCKS} blocks
   */
  void apply(byte[] iv, byte[] in, int off, int len, byte[] out, int outOff) {
    if (len == 0) {
      return;
    }
    int blocks = (len + 15) >>> 4;
    if (blocks > MAX_BLOCKS) {
      throw new IllegalArgumentException("payload of " + len + " bytes exceeds the 2^16-block "
          + "keystream of one SRTP IV (RFC 3711 section 4.1.1)");
    }
    int bytes = blocks << 4;
    if (counters.length < bytes) {
      counters = new byte[bytes];
      keystream = new byte[bytes];
    }
    long high = (long) LONG.get(iv, 0);
    long low = (long) LONG.get(iv, 8) & ~0xffffL;
    for (int j = 0, at = 0; j < blocks; j++, at += 16) {
      LONG.set(counters, at, high);
      LONG.set(counters, at + 8, low | j);
    }
    try {
      ecb.update(counters, 0, bytes, keystream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB failed on a buffer sized for it", e);
    }
    xor(in, off, len, out, outOff);
  }

  private void xor(byte[] in, int off, int len, byte[] out, int outOff) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      LONG.set(out, outOff + i, (long) LONG.get(in, off + i) ^ (long) LONG.get(keystream, i));
    }
    for (; i < len; i++) {
      out[outOff + i] = (byte) (in[off + i] ^ keystream[i]);
    }
  }
}
