package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.regex.Pattern;

/**
 * {@code a=fingerprint:<hash-func> <hex pairs separated by ':'>} (RFC 8122 section 5): the hash
 * of the DTLS certificate the peer will present. Hash names are kept lower-case.
 */
public record Fingerprint(String hashFunction, String value) {
  private static final Pattern HASH = Pattern.compile("[A-Za-z0-9-]{1,32}");
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){1,63}");

  public Fingerprint {
    hashFunction = hashFunction.toLowerCase();
  }

  /** The fingerprint line for a certificate whose SHA-256 digest is {@code digest}. */
  public static Fingerprint sha256(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("SHA-256 digests are 32 bytes, got " + digest.length);
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : digest) {
      sb.append(sb.length() > 0 ? ":" : "").append(String.format("%02X", b & 0xff));
    }
    return new Fingerprint("sha-256", sb.toString());
  }

  public static Fingerprint parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.fingerprint");
    if (f.length != 2 || !HASH.matcher(f[0]).matches() || !HEX.matcher(f[1]).matches()) {
      throw new MalformedPacketException("sdp.fingerprint", "'" + value + "'");
    }
    return new Fingerprint(f[0], f[1].toUpperCase());
  }

  /** SHA-256 is what RFC 8827 section 6.5 requires every WebRTC endpoint to support. */
  public boolean isSha256() {
    return hashFunction.equals("sha-256") && value.length() == 32 * 3 - 1;
  }

  String toValue() {
    return hashFunction + " " + value;
  }
}
