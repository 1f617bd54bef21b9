package io.tapline.sfu.webrtc.sdp;

/** One {@code <type>=<value>} line other than v=, o=, s=, m= and a= (RFC 8866 section 5). */
public record SdpLine(char type, String value) {
  @Override
  public String toString() {
    return type + "=" + value;
  }
}
