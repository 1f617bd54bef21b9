package io.tapline.sfu.webrtc.sdp;

import java.util.List;

/**
 * A session description (RFC 8866 section 5): origin ({@code o=}, kept as written), session name,
 * the other session-level lines (t=, c=, b=, ...) and attributes, then the media sections.
 */
public record SessionDescription(String origin, String sessionName, List<SdpLine> lines,
    Attributes attributes, List<MediaDescription> media) {
  public SessionDescription {
    lines = List.copyOf(lines);
    media = List.copyOf(media);
  }
}
