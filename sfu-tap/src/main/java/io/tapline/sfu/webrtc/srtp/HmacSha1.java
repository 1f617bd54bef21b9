package io.tapline.sfu.webrtc.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104 section 2) over the JDK's SHA-1 {@link MessageDigest}, writing the 20-byte
 * MAC into a caller's array. {@code javax.crypto.Mac#doFinal(byte[], int)} allocates a fresh
 * array per call (40 B on JDK 17) and SRTP computes one MAC per packet; this does the same two
 * SHA-1 passes (the padded key blocks are precomputed, as the JDK's HmacCore does) with
 * {@link MessageDigest#digest(byte[], int, int)}, which does not allocate.
 *
 * <p>Not thread-safe: one instance per key and thread.
 */
final class HmacSha1 {
  static final int LENGTH = 20;
  private static final int BLOCK = 64;

  private final MessageDigest sha1;
  private final byte[] innerPad = new byte[BLOCK];
  private final byte[] outerPad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];

  HmacSha1(byte[] key) {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
    // Section 2: a key longer than the block is hashed first (SRTP's 20-byte keys never are).
    byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
    sha1.update(innerPad);
  }

  void update(byte[] b, int off, int len) {
    sha1.update(b, off, len);
  }

  /** Writes the MAC of everything updated since the last call to {@code out[at..at+20)}. */
  void finish(byte[] out, int at) {
    try {
      sha1.digest(inner, 0, LENGTH);
      sha1.update(outerPad);
      sha1.update(inner);
      sha1.digest(out, at, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-1 refused a 20-byte output", e);
    }
    sha1.update(innerPad);
  }
}
