package io.tapline.sfu.webrtc.session;

import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.webrtc.sdp.Attributes;
import io.tapline.sfu.webrtc.sdp.Direction;
import io.tapline.sfu.webrtc.sdp.Extmap;
import io.tapline.sfu.webrtc.sdp.MediaDescription;
import io.tapline.sfu.webrtc.sdp.RtpMap;
import io.tapline.sfu.webrtc.sdp.SessionDescription;
import io.tapline.sfu.webrtc.sdp.SsrcAttribute;
import io.tapline.sfu.webrtc.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the tracks a publisher's offer carries, given the answer Tapline made to it (JSEP, RFC
 * 8829 section 5.3): every section the answer accepted and the offer sends on (sendonly or
 * sendrecv), with the SSRC from {@code a=ssrc} / {@code a=ssrc-group:FID} (RFC 5576 section 4.1,
 * RFC 4588 section 8.3), the first payload type of the answer, and the agreed extensions. A
 * section without {@code a=ssrc} is accepted when both sides agreed on the mid header extension
 * (RFC 8843 section 15): its SSRC is then null and learned from the first packet that names the
 * section's mid ({@link io.tapline.sfu.webrtc.transport.InboundStreamRouter}). A simulcast section (RFC 8853) is one track whose
 * layers are the rids the answer receives; its SSRCs are learned from the packets' rid header
 * extension (RFC 8852), so it needs no a=ssrc either.
 */
public final class PublishOffers {
  private PublishOffers() {}

  /**
   * @throws IllegalArgumentException when an accepted sending section announces no SSRC and the
   *     mid header extension was not agreed either: its packets could not be told apart
   */
  public static List<PublishedSection> sections(SessionDescription offer, SessionDescription answer) {
    List<PublishedSection> out = new ArrayList<>();
    for (int i = 0; i < offer.media().size() && i < answer.media().size(); i++) {
      MediaDescription o = offer.media().get(i);
      MediaDescription a = answer.media().get(i);
      Attributes oa = o.attributes();
      if (a.isRejected() || !oa.direction().orElse(Direction.SENDRECV).sends()) {
        continue;
      }
      String mid = oa.mid().orElseThrow();
      SimulcastStreams simulcast = simulcast(mid, a.attributes());
      Map<Integer, String> extmap = new LinkedHashMap<>();
      for (Extmap e : a.attributes().extmaps()) {
        extmap.put(e.id(), e.uri());
      }
      Long ssrc = simulcast != null ? null : primarySsrc(oa).orElse(null);
      if (ssrc == null && simulcast == null && !extmap.containsValue(ExtensionMap.MID)) {
        throw new IllegalArgumentException("section " + mid + " announces no a=ssrc and does not use the mid header"
            + " extension (" + ExtensionMap.MID + "): its packets cannot be routed");
      }
      int pt = a.payloadTypes().stream()
          .filter(p -> !a.attributes().rtpMap(p).map(r -> r.is("rtx")).orElse(true))
          .findFirst().orElseThrow();
      RtpMap map = oa.rtpMap(pt).orElseThrow();
      String msidTrack = oa.msid().map(m -> m.split(" ")).filter(p -> p.length == 2).map(p -> p[1]).orElse(null);
      String fmtp = oa.fmtp(pt).map(f -> f.parameterString()).orElse(null);
      out.add(new PublishedSection(mid, o.media(), ssrc, pt, map.encoding(), map.clockRate(),
          o.media().equals("audio") ? Math.max(1, map.channels()) : null, fmtp, extmap, msidTrack,
          simulcast));
    }
    return out;
  }

  /**
   * The layers of a simulcast section: the first rid of each stream of the answer's
   * {@code a=simulcast:recv} (RFC 8853 section 5.1), without a '~' (paused); null for none.
   */
  private static SimulcastStreams simulcast(String mid, Attributes answer) {
    List<String> rids = answer.simulcast().map(s -> s.recv().stream()
        .filter(alternatives -> !alternatives.isEmpty())
        .map(alternatives -> alternatives.get(0).startsWith("~") ? alternatives.get(0).substring(1) : alternatives.get(0))
        .limit(SimulcastStreams.MAX_LAYERS).toList()).orElse(List.of());
    return rids.isEmpty() ? null : new SimulcastStreams(mid, rids);
  }

  private static Optional<Long> primarySsrc(Attributes a) {
    for (SsrcGroup g : a.ssrcGroups()) {
      if (g.semantics().equals("FID") && !g.ssrcs().isEmpty()) {
        return Optional.of(g.ssrcs().get(0));
      }
    }
    return a.ssrcs().stream().map(SsrcAttribute::ssrc).findFirst();
  }
}
