package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/** {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 section 4.1), e.g. cname, msid. */
public record SsrcAttribute(long ssrc, String attribute, String valueOrNull) {
  static SsrcAttribute parse(String value) throws MalformedPacketException {
    int space = value.indexOf(' ');
    if (space <= 0 || space == value.length() - 1) {
      throw new MalformedPacketException("sdp.ssrc", "'" + value + "'");
    }
    long ssrc = SdpSyntax.number(value.substring(0, space), 0, 0xffffffffL, "sdp.ssrc");
    String rest = value.substring(space + 1);
    int colon = rest.indexOf(':');
    String name = colon < 0 ? rest : rest.substring(0, colon);
    if (!SdpSyntax.isToken(name)) {
      throw new MalformedPacketException("sdp.ssrc", "attribute name '" + name + "'");
    }
    return new SsrcAttribute(ssrc, name, colon < 0 ? null : rest.substring(colon + 1));
  }

  String toValue() {
    return ssrc + " " + attribute + (valueOrNull == null ? "" : ":" + valueOrNull);
  }
}
