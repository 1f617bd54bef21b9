package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/** Small helpers shared by the attribute parsers: numbers that refuse instead of throwing. */
final class SdpSyntax {
  private SdpSyntax() {}

  static long number(String s, long min, long max, String reason) throws MalformedPacketException {
    if (s.isEmpty() || s.length() > 10) {
      throw new MalformedPacketException(reason, "not a number: '" + s + "'");
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedPacketException(reason, "not a number: '" + s + "'");
      }
      v = v * 10 + (c - '0');
    }
    if (v < min || v > max) {
      throw new MalformedPacketException(reason, v + " out of " + min + "-" + max);
    }
    return v;
  }

  static int payloadType(String s, String reason) throws MalformedPacketException {
    return (int) number(s, 0, 127, reason);
  }

  /** Splits on single spaces, refusing empty fields (RFC 8866 uses exactly one space). */
  static String[] fields(String value, int min, String reason) throws MalformedPacketException {
    String[] f = value.split(" ", -1);
    for (String s : f) {
      if (s.isEmpty()) {
        throw new MalformedPacketException(reason, "empty field in '" + value + "'");
      }
    }
    if (f.length < min) {
      throw new MalformedPacketException(reason, "needs " + min + " fields: '" + value + "'");
    }
    return f;
  }

  /** RFC 8866 token: visible ASCII except the separators. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
