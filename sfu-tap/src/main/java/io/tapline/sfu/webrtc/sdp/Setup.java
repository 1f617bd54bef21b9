package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/** {@code a=setup} (RFC 4145 section 4, for DTLS RFC 5763 section 5): who opens the DTLS. */
public enum Setup {
  ACTIVE,
  PASSIVE,
  ACTPASS,
  HOLDCONN;

  static Setup parse(String s) throws MalformedPacketException {
    for (Setup v : values()) {
      if (v.token().equals(s)) {
        return v;
      }
    }
    throw new MalformedPacketException("sdp.setup", "'" + s + "'");
  }

  public String token() {
    return name().toLowerCase();
  }

  /**
   * The answerer's role (RFC 5763 section 5): to {@code actpass} or {@code active} we answer
   * {@code passive} (we are the DTLS server, the browser connects); to {@code passive}, active.
   */
  public Setup answer() {
    return this == PASSIVE ? ACTIVE : PASSIVE;
  }
}
