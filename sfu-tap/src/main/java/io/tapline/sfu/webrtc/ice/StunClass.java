package io.tapline.sfu.webrtc.ice;

/** The two class bits of a STUN message type (RFC 8489 section 5). */
public enum StunClass {
  REQUEST,
  INDICATION,
  SUCCESS_RESPONSE,
  ERROR_RESPONSE;

  static StunClass ofBits(int c) {
    return values()[c];
  }

  int bits() {
    return ordinal();
  }
}
