package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * {@code a=rtcp-fb:<pt or *> <type>[ <parameter>]} (RFC 4585 section 4.2), e.g. {@code nack},
 * {@code nack pli}, {@code ccm fir}, {@code transport-cc}, {@code goog-remb}. A payload type of -1
 * stands for {@code *}.
 */
public record RtcpFeedback(int payloadType, String type) {
  public static final int WILDCARD = -1;

  static RtcpFeedback parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.rtcp-fb");
    int pt = f[0].equals("*") ? WILDCARD : SdpSyntax.payloadType(f[0], "sdp.rtcp-fb");
    return new RtcpFeedback(pt, value.substring(f[0].length() + 1));
  }

  String toValue() {
    return (payloadType == WILDCARD ? "*" : Integer.toString(payloadType)) + " " + type;
  }
}
