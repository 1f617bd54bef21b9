package io.tapline.sfu.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Certificate fingerprints as SDP carries them (RFC 8122 section 5): a hash name, a space, and
 * upper-case hex bytes separated by colons. Only sha-256 is produced and accepted; every browser
 * sends it.
 */
public final class DtlsFingerprint {
  private DtlsFingerprint() {}

  /** {@code sha-256 AB:CD:...} over the DER bytes of a certificate. */
  public static String sha256(byte[] der) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(der);
      StringBuilder sb = new StringBuilder("sha-256 ");
      for (int i = 0; i < h.length; i++) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(String.format("%02X", h[i] & 0xff));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Normalises an SDP {@code a=fingerprint} value (hash name case-insensitive, hex either case).
   *
   * @throws IllegalArgumentException if the hash is not sha-256 or the value is not 32 hex bytes
   */
  public static String normalize(String sdpValue) {
    String v = sdpValue.trim();
    int space = v.indexOf(' ');
    if (space < 0 || !v.substring(0, space).equalsIgnoreCase("sha-256")) {
      throw new IllegalArgumentException("only sha-256 fingerprints are supported: " + sdpValue);
    }
    String hex = v.substring(space + 1).trim().toUpperCase(Locale.ROOT);
    if (!hex.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")) {
      throw new IllegalArgumentException("not a sha-256 fingerprint: " + sdpValue);
    }
    return "sha-256 " + hex;
  }
}
