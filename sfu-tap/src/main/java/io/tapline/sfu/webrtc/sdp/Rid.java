package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.regex.Pattern;

/**
 * {@code a=rid:<rid-id> <send|recv>[ <rid-params>]} (RFC 8851 section 10): a restriction
 * identifier, one per simulcast layer. The id is what the RtpStreamId header extension carries.
 */
public record Rid(String id, String direction, String paramsOrNull) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  static Rid parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.rid");
    if (!ID.matcher(f[0]).matches() || !(f[1].equals("send") || f[1].equals("recv"))) {
      throw new MalformedPacketException("sdp.rid", "'" + value + "'");
    }
    int paramsAt = f[0].length() + 1 + f[1].length() + 1;
    return new Rid(f[0], f[1], paramsAt < value.length() ? value.substring(paramsAt) : null);
  }

  static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  String toValue() {
    return id + " " + direction + (paramsOrNull == null ? "" : " " + paramsOrNull);
  }
}
