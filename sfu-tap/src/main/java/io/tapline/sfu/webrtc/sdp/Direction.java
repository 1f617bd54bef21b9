package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/** Media direction attributes (RFC 8866 section 6.7); sendrecv when none is given. */
public enum Direction {
  SENDRECV("sendrecv"),
  SENDONLY("sendonly"),
  RECVONLY("recvonly"),
  INACTIVE("inactive");

  private final String token;

  Direction(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }

  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** Seen from the other side: what one sends the other receives. */
  public Direction reversed() {
    return of(receives(), sends());
  }

  public static Direction of(boolean sends, boolean receives) {
    return sends ? (receives ? SENDRECV : SENDONLY) : (receives ? RECVONLY : INACTIVE);
  }

  static boolean isDirection(String name) {
    for (Direction d : values()) {
      if (d.token.equals(name)) {
        return true;
      }
    }
    return false;
  }

  static Direction parse(String s) throws MalformedPacketException {
    for (Direction d : values()) {
      if (d.token.equals(s)) {
        return d;
      }
    }
    throw new MalformedPacketException("sdp.direction", "'" + s + "'");
  }
}
