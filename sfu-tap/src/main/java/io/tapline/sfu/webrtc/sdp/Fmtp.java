package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code a=fmtp:<format> <format specific parameters>} (RFC 8866 section 6.15). The parameters
 * are kept as written; {@link #parameters()} reads the usual {@code k=v;k=v} form (RFC 7587 for
 * Opus, RFC 6184 for H.264, RFC 4588 {@code apt} for RTX).
 */
public record Fmtp(int payloadType, String parameterString) {
  static Fmtp parse(String value) throws MalformedPacketException {
    int space = value.indexOf(' ');
    if (space <= 0 || space == value.length() - 1) {
      throw new MalformedPacketException("sdp.fmtp", "'" + value + "'");
    }
    return new Fmtp(SdpSyntax.payloadType(value.substring(0, space), "sdp.fmtp"),
        value.substring(space + 1));
  }

  String toValue() {
    return payloadType + " " + parameterString;
  }

  /** {@code k=v} pairs separated by {@code ;}, keys lower-cased; pairs without '=' are skipped. */
  public Map<String, String> parameters() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : parameterString.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(pair.substring(0, eq).trim().toLowerCase(), pair.substring(eq + 1).trim());
      }
    }
    return out;
  }

  public Optional<String> parameter(String key) {
    return Optional.ofNullable(parameters().get(key));
  }
}
