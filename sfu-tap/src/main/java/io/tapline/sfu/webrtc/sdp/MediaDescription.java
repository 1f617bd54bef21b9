package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.List;

/**
 * One media section (RFC 8866 section 5.14): {@code m=<media> <port>[/<number of ports>] <proto>
 * <fmt> ...}, its other lines (c=, b=, ...) and its attributes.
 */
public record MediaDescription(String media, int port, int portCount, String proto,
    List<String> formats, List<SdpLine> lines, Attributes attributes) {
  public MediaDescription {
    formats = List.copyOf(formats);
    lines = List.copyOf(lines);
  }

  static MediaDescription parseMLine(String value, List<SdpLine> lines, Attributes attributes)
      throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 4, "sdp.media");
    if (!SdpSyntax.isToken(f[0]) || !SdpSyntax.isToken(f[2].replace("/", ""))) {
      throw new MalformedPacketException("sdp.media", "'" + value + "'");
    }
    String[] port = f[1].split("/", -1);
    if (port.length > 2) {
      throw new MalformedPacketException("sdp.media", "port '" + f[1] + "'");
    }
    int p = (int) SdpSyntax.number(port[0], 0, 65535, "sdp.media");
    int count = port.length == 2 ? (int) SdpSyntax.number(port[1], 1, 65535, "sdp.media") : 0;
    List<String> formats = List.of(f).subList(3, f.length);
    for (String fmt : formats) {
      if (f[2].contains("RTP/")) {
        SdpSyntax.payloadType(fmt, "sdp.media"); // RTP formats are payload types
      } else if (!SdpSyntax.isToken(fmt)) {
        throw new MalformedPacketException("sdp.media", "format '" + fmt + "'");
      }
    }
    return new MediaDescription(f[0], p, count, f[2], formats, lines, attributes);
  }

  String mLine() {
    return media + " " + port + (portCount > 0 ? "/" + portCount : "") + " " + proto + " "
        + String.join(" ", formats);
  }

  /** Whether this section is rejected or disabled: port zero (RFC 3264 section 6). */
  public boolean isRejected() {
    return port == 0;
  }

  /** Payload types in the m-line's order, which is the offerer's preference. */
  public List<Integer> payloadTypes() {
    return proto.contains("RTP/") ? formats.stream().map(Integer::parseInt).toList() : List.of();
  }
}
