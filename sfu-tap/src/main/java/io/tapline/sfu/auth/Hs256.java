package io.tapline.sfu.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over the JWS signing input (RFC 7515 section 5, RFC 7518 section 3.2). */
final class Hs256 {
  static final String ALG = "HS256";
  /** RFC 7518 3.2: a key of the same size as the hash output or larger. */
  static final int MIN_SECRET_BYTES = 32;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  Hs256(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), "HmacSHA256");
  }

  byte[] sign(String signingInput) {
    try {
      // Mac instances are not thread-safe; one per call keeps the class shareable.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Constant-time comparison so the signature cannot be guessed byte by byte from timings. */
  boolean verify(String signingInput, byte[] signature) {
    return MessageDigest.isEqual(sign(signingInput), signature);
  }

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Strict base64url without padding (RFC 7515 section 2); null if the text is not that. Unused
   * trailing bits must be zero, so one signature has exactly one spelling.
   */
  static byte[] decode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return null;
      }
    }
    try {
      byte[] bytes = DECODER.decode(text);
      return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
