package io.tapline.sfu.webrtc.session;

import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import java.net.Inet6Address;
import java.util.List;
import java.util.Map;

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
 * <p>Only the audio level (RFC 6464) and abs-send-time extensions are declared, with Tapline's own
 * ids ({@link #EXTENSION_IDS}, one numbering for the whole BUNDLE transport): the forwarding core
 * renumbers forwarded packets' elements to them and gives every other element (the publisher's
 * mid and rid, which name the publisher's sections) an id never declared here. Video offers
 * {@code goog-remb}: the forwarding core restamps abs-send-time with its own send time, and the
 * browser's REMB feeds the downlink estimate that picks simulcast layers.
 *
 * <p>A video section with an RTX stream offers generic NACK ({@code a=rtcp-fb:<pt> nack}, RFC 4585
 * section 4.2) and RTX (RFC 4588 section 8.6: {@code a=rtpmap:<rtxPt> rtx/90000}, {@code a=fmtp:<rtxPt>
 * apt=<pt>}, and the RTX SSRC tied to the primary one by {@code a=ssrc-group:FID}, RFC 5576
 * section 4.2): retransmissions have their own SSRC and sequence numbers, so SRTP with AEAD-GCM
 * never protects the same SSRC and index twice. The RTX payload type is chosen by the caller so
 * that it collides with no payload type of the BUNDLE transport ({@code RtxPayloadTypes}).
 */
public final class SubscriberOffer {
  /**
   * Extensions forwarded packets may carry that mean the same for the subscriber, with the ids a
   * subscribe connection declares for them (1-13: the forwarding core renumbers to these).
   */
  public static final Map<String, Integer> EXTENSION_IDS = Map.of(
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level", 1,
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", 3);

  /** One m-section: a subscribed track, or a track that went away ({@code active} false). */
  public record Section(String mid, TrackSpec track, long ssrc, boolean active, SubscribeOptions.Rtx rtx) {
    /** A section without retransmissions. */
    public Section(String mid, TrackSpec track, long ssrc, boolean active) {
      this(mid, track, ssrc, active, null);
    }

    /** The same section, sending or not. */
    public Section withActive(boolean a) {
      return new Section(mid, track, ssrc, a, rtx);
    }
  }

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
    for (Section s : sections) {
      TrackSpec t = s.track();
      SubscribeOptions.Rtx rtx = t.isVideo() ? s.rtx() : null;
      line(sb, "m=" + t.kind() + " " + first.port() + " UDP/TLS/RTP/SAVPF " + t.payloadType()
          + (rtx != null ? " " + rtx.payloadType() : ""));
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
      new java.util.TreeMap<>(t.extmap()).values().stream().filter(EXTENSION_IDS::containsKey).distinct()
          .forEach(uri -> line(sb, "a=extmap:" + EXTENSION_IDS.get(uri) + " " + uri));
      line(sb, s.active() ? "a=sendonly" : "a=inactive");
      if (s.active()) {
        line(sb, "a=msid:" + t.participantId() + " " + t.trackId());
      }
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtcp-rsize");
      String channels = t.channels() != null ? "/" + t.channels() : "";
      line(sb, "a=rtpmap:" + t.payloadType() + " " + t.codec() + "/" + t.clockRate() + channels);
      if (t.isVideo()) {
        if (rtx != null) {
          line(sb, "a=rtcp-fb:" + t.payloadType() + " nack");
        }
        line(sb, "a=rtcp-fb:" + t.payloadType() + " nack pli");
        line(sb, "a=rtcp-fb:" + t.payloadType() + " ccm fir");
        line(sb, "a=rtcp-fb:" + t.payloadType() + " goog-remb"); // with abs-send-time: the browser's REMB
      }
      if (t.fmtp() != null && !t.fmtp().isBlank()) {
        line(sb, "a=fmtp:" + t.payloadType() + " " + t.fmtp());
      }
      if (rtx != null) {
        line(sb, "a=rtpmap:" + rtx.payloadType() + " rtx/" + t.clockRate());
        line(sb, "a=fmtp:" + rtx.payloadType() + " apt=" + t.payloadType());
      }
      if (s.active()) {
        if (rtx != null) {
          line(sb, "a=ssrc-group:FID " + s.ssrc() + " " + rtx.ssrc());
        }
        ssrcLines(sb, s.ssrc(), t);
        if (rtx != null) {
          ssrcLines(sb, rtx.ssrc(), t);
        }
      }
    }
    return sb.toString();
  }

  private static void ssrcLines(StringBuilder sb, long ssrc, TrackSpec t) {
    line(sb, "a=ssrc:" + ssrc + " cname:" + t.participantId());
    line(sb, "a=ssrc:" + ssrc + " msid:" + t.participantId() + " " + t.trackId());
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }
}
