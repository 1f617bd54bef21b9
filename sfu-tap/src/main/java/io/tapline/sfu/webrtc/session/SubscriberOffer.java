package io.tapline.sfu.webrtc.session;

import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import java.net.Inet6Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the offer Tapline sends on a subscriber's connection (JSEP, RFC 8829 section 5.2): one
 * sendonly m-section per subscribed track, all BUNDLEd on the node's one port (RFC 8843), ICE-lite
 * with our host candidate, {@code a=setup:actpass} (the browser answers active, so we stay the
 * DTLS server, RFC 5763 section 5), rtcp-mux, the publisher's codec and payload type (the SFU
 * forwards without rewriting payload types), and the SSRC the forwarding core rewrites to in
 * {@code a=ssrc} lines (RFC 5576) with {@code msid} naming the publisher and the track (RFC 8830).
 * Sections are never removed: a track that went away keeps its mid as {@code a=inactive}, so
 * every later offer keeps the m-line order (RFC 8829 section 5.2.2).
 *
 * <p>Only the audio level (RFC 6464) and abs-send-time extensions are declared, with the
 * publisher's ids: forwarded packets keep the publisher's extension elements, so the mid and rid
 * extensions, which name the publisher's sections, must not be declared here. Video offers
 * {@code goog-remb}: the forwarding core restamps abs-send-time with its own send time, and the
 * browser's REMB feeds the downlink estimate that picks simulcast layers. No NACK: with
 * AEAD-GCM a retransmission of the same SSRC and sequence number cannot be protected again.
 */
public final class SubscriberOffer {
  /** Extensions forwarded packets may carry that mean the same for the subscriber. */
  static final Set<String> FORWARDED_EXTENSIONS = Set.of(
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");

  /** One m-section: a subscribed track, or a track that went away ({@code active} false). */
  public record Section(String mid, TrackSpec track, long ssrc, boolean active) {}

  private SubscriberOffer() {}

  public static String write(long sessionId, long version, IceCredentials ice, String fingerprint,
      List<IceCandidate> candidates, List<Section> sections) {
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("an offer needs at least one section");
    }
    StringBuilder sb = new StringBuilder();
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
    line(sb, "s=-");
    line(sb, "t=0 0");
    line(sb, "a=ice-lite");
    StringBuilder group = new StringBuilder("a=group:BUNDLE");
    sections.forEach(s -> group.append(' ').append(s.mid()));
    line(sb, group.toString());
    line(sb, "a=extmap-allow-mixed");
    line(sb, "a=msid-semantic: WMS");
    IceCandidate first = candidates.get(0);
    String connection = (first.address() instanceof Inet6Address ? "IN IP6 " : "IN IP4 ")
        + first.address().getHostAddress();
    Map<Integer, String> declared = new HashMap<>();
    for (Section s : sections) {
      TrackSpec t = s.track();
      line(sb, "m=" + t.kind() + " " + first.port() + " UDP/TLS/RTP/SAVPF " + t.payloadType());
      line(sb, "c=" + connection);
      for (IceCandidate c : candidates) {
        line(sb, "a=" + c.toAttributeValue());
      }
      line(sb, "a=end-of-candidates");
      line(sb, "a=ice-ufrag:" + ice.ufrag());
      line(sb, "a=ice-pwd:" + ice.pwd());
      line(sb, "a=fingerprint:" + fingerprint);
      line(sb, "a=setup:actpass");
      line(sb, "a=mid:" + s.mid());
      for (Map.Entry<Integer, String> e : t.extmap().entrySet()) {
        String uri = e.getValue();
        if (FORWARDED_EXTENSIONS.contains(uri) && uri.equals(declared.getOrDefault(e.getKey(), uri))) {
          declared.put(e.getKey(), uri);
          line(sb, "a=extmap:" + e.getKey() + " " + uri);
        }
      }
      line(sb, s.active() ? "a=sendonly" : "a=inactive");
      if (s.active()) {
        line(sb, "a=msid:" + t.participantId() + " " + t.trackId());
      }
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtcp-rsize");
      String channels = t.channels() != null ? "/" + t.channels() : "";
      line(sb, "a=rtpmap:" + t.payloadType() + " " + t.codec() + "/" + t.clockRate() + channels);
      if (t.isVideo()) {
        line(sb, "a=rtcp-fb:" + t.payloadType() + " nack pli");
        line(sb, "a=rtcp-fb:" + t.payloadType() + " ccm fir");
        line(sb, "a=rtcp-fb:" + t.payloadType() + " goog-remb"); // with abs-send-time: the browser's REMB
      }
      if (t.fmtp() != null && !t.fmtp().isBlank()) {
        line(sb, "a=fmtp:" + t.payloadType() + " " + t.fmtp());
      }
      if (s.active()) {
        line(sb, "a=ssrc:" + s.ssrc() + " cname:" + t.participantId());
        line(sb, "a=ssrc:" + s.ssrc() + " msid:" + t.participantId() + " " + t.trackId());
      }
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }
}
