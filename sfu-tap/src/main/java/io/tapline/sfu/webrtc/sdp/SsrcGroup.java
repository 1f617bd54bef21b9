package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc-id> ...} (RFC 5576 section 4.2). {@code FID} pairs a
 * media SSRC with its RTX SSRC (RFC 4588 section 8.3), {@code SIM} lists simulcast layers.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }

  static SsrcGroup parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.ssrc-group");
    if (!SdpSyntax.isToken(f[0])) {
      throw new MalformedPacketException("sdp.ssrc-group", "semantics '" + f[0] + "'");
    }
    List<Long> ssrcs = new ArrayList<>();
    for (int i = 1; i < f.length; i++) {
      ssrcs.add(SdpSyntax.number(f[i], 0, 0xffffffffL, "sdp.ssrc-group"));
    }
    return new SsrcGroup(f[0], ssrcs);
  }

  String toValue() {
    StringBuilder sb = new StringBuilder(semantics);
    ssrcs.forEach(s -> sb.append(' ').append(s));
    return sb.toString();
  }
}
