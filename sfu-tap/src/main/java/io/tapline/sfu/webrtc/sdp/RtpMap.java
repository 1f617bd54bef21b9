package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866
 * section 6.6). Channels is 0 when absent.
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
  static RtpMap parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.rtpmap");
    if (f.length != 2) {
      throw new MalformedPacketException("sdp.rtpmap", "'" + value + "'");
    }
    int pt = SdpSyntax.payloadType(f[0], "sdp.rtpmap");
    String[] enc = f[1].split("/", -1);
    if (enc.length < 2 || enc.length > 3 || !SdpSyntax.isToken(enc[0])) {
      throw new MalformedPacketException("sdp.rtpmap", "'" + value + "'");
    }
    int clock = (int) SdpSyntax.number(enc[1], 1, 10_000_000, "sdp.rtpmap");
    int channels = enc.length == 3 ? (int) SdpSyntax.number(enc[2], 1, 255, "sdp.rtpmap") : 0;
    return new RtpMap(pt, enc[0], clock, channels);
  }

  String toValue() {
    return payloadType + " " + encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
  }

  public boolean is(String name) {
    return encoding.equalsIgnoreCase(name);
  }
}
