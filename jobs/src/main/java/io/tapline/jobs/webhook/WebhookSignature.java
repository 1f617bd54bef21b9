package io.tapline.jobs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code Tapline-Signature: t=<unix seconds>,v1=<hex>} where
 * the hex is HMAC-SHA256(secret, "<t>." + body). Signing the timestamp with the body lets a
 * receiver reject replays older than its tolerance. Receivers use {@link #verify}.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "Tapline-Signature";
  public static final String DELIVERY_ID_HEADER = "Tapline-Delivery-Id";
  public static final String EVENT_TYPE_HEADER = "Tapline-Event";
  private static final String ALGORITHM = "HmacSHA256";

  /** What a receiver learns from checking a delivery. */
  public enum Verdict {
    VALID,
    /** No header, or not of the form {@code t=...,v1=...}. */
    MALFORMED,
    /** The body or the timestamp was changed, or the secret differs. */
    MISMATCH,
    /**
     * Correctly signed, but the timestamp is outside the tolerance (a replay, or a skewed clock).
     */
    OUTSIDE_TOLERANCE
  }

  private WebhookSignature() {}

  /** The header value for a delivery sent at {@code timestamp}. */
  public static String header(String secret, Instant timestamp, byte[] body) {
    long seconds = timestamp.getEpochSecond();
    return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, seconds, body));
  }

  public static Verdict verify(
      String secret, String header, byte[] body, Instant now, Duration tolerance) {
    if (header == null) {
      return Verdict.MALFORMED;
    }
    Long seconds = null;
    byte[] claimed = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        return Verdict.MALFORMED;
      }
      try {
        if (kv[0].equals("t")) {
          seconds = Long.parseLong(kv[1]);
        } else if (kv[0].equals("v1")) {
          claimed = HexFormat.of().parseHex(kv[1]);
        }
      } catch (IllegalArgumentException e) {
        return Verdict.MALFORMED;
      }
    }
    if (seconds == null || claimed == null) {
      return Verdict.MALFORMED;
    }
    if (!MessageDigest.isEqual(claimed, hmac(secret, seconds, body))) {
      return Verdict.MISMATCH;
    }
    Duration age = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    return age.compareTo(tolerance) > 0 ? Verdict.OUTSIDE_TOLERANCE : Verdict.VALID;
  }

  private static byte[] hmac(String secret, long seconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
