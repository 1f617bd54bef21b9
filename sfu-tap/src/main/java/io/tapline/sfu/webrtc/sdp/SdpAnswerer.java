package io.tapline.sfu.webrtc.sdp;

import io.tapline.sfu.webrtc.ice.IceCandidate;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a browser's offer as an ICE-lite, BUNDLE-only SFU (JSEP, RFC 8829 section 5.3). Each
 * offered section is accepted with the codecs, header extensions and feedback Tapline handles,
 * or rejected with port zero (RFC 3264 section 6) when it cannot be handled: a data channel,
 * a section outside the BUNDLE group (everything shares one port), no rtcp-mux (RFC 8843 section
 * 9.3 makes it mandatory with BUNDLE), no ICE credentials, no SHA-256 fingerprint, or no codec
 * in common. Rejecting is never an error: the browser keeps the rest of the session.
 */
public final class SdpAnswerer {
  /**
   * Header extensions Tapline reads, by URI: audio level (RFC 6464), abs-send-time,
   * transport-cc, mid (RFC 8843), rid and repaired rid (RFC 8852).
   */
  static final Set<String> EXTENSIONS = Set.of(
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "urn:ietf:params:rtp-hdrext:sdes:mid",
      "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
  private static final String PROFILE = "UDP/TLS/RTP/SAVPF";

  private final AnswerOptions options;
  private final CodecPolicy codecs;

  public SdpAnswerer(AnswerOptions options) {
    this.options = options;
    this.codecs = new CodecPolicy(options.av1());
  }

  public SessionDescription answer(SessionDescription offer) {
    Attributes session = offer.attributes();
    Optional<List<String>> bundle = session.bundle();
    List<MediaDescription> media = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (MediaDescription m : offer.media()) {
      List<Integer> pts = acceptable(m, session, bundle, offer.media().size())
          ? codecs.accept(m) : List.of();
      if (pts.isEmpty()) {
        media.add(rejected(m));
      } else {
        media.add(accepted(m, session, pts));
        accepted.add(m.attributes().mid().orElseThrow());
      }
    }
    List<SdpAttribute> attributes = new ArrayList<>();
    attributes.add(SdpAttribute.flag("ice-lite"));
    if (!accepted.isEmpty()) {
      // RFC 8843 section 7.3.1: the answer's group lists the accepted mids, in the offer's order
      List<String> order = bundle.orElse(accepted).stream().filter(accepted::contains).toList();
      attributes.add(SdpAttribute.of("group", "BUNDLE " + String.join(" ", order)));
    }
    if (session.has("extmap-allow-mixed")) {
      attributes.add(SdpAttribute.flag("extmap-allow-mixed"));
    }
    attributes.add(SdpAttribute.of("msid-semantic", " WMS"));
    return new SessionDescription("- " + options.sessionId() + " 2 IN IP4 127.0.0.1", "-",
        List.of(new SdpLine('t', "0 0")), attributesOf(attributes), media);
  }

  private static boolean acceptable(MediaDescription m, Attributes session,
      Optional<List<String>> bundle, int sections) {
    Attributes a = m.attributes();
    Optional<String> mid = a.mid();
    boolean inBundle = mid.isPresent()
        && bundle.map(g -> g.contains(mid.get())).orElse(sections == 1);
    boolean sha256 = a.fingerprints().stream().anyMatch(Fingerprint::isSha256)
        || session.fingerprints().stream().anyMatch(Fingerprint::isSha256);
    // RFC 8843 section 6: a bundle-only section has port 0 in the offer but is not rejected
    // (Firefox offers every section after the first so with max-bundle)
    return (!m.isRejected() || a.has("bundle-only"))
        && (m.media().equals("audio") || m.media().equals("video"))
        && m.proto().equals(PROFILE)
        && inBundle
        && a.has("rtcp-mux")
        && (a.iceUfrag().isPresent() || session.iceUfrag().isPresent())
        && (a.icePwd().isPresent() || session.icePwd().isPresent())
        && sha256;
  }

  private static MediaDescription rejected(MediaDescription m) {
    List<SdpAttribute> attributes = new ArrayList<>();
    m.attributes().mid().ifPresent(mid -> attributes.add(SdpAttribute.of("mid", mid)));
    return new MediaDescription(m.media(), 0, 0, m.proto(), m.formats(),
        List.of(new SdpLine('c', "IN IP4 0.0.0.0")), attributesOf(attributes));
  }

  private MediaDescription accepted(MediaDescription m, Attributes session, List<Integer> pts) {
    Attributes offered = m.attributes();
    List<SdpAttribute> out = new ArrayList<>();
    for (IceCandidate c : options.candidates()) {
      out.add(SdpAttribute.of("candidate", c.toAttributeValue().substring("candidate:".length())));
    }
    if (!options.candidates().isEmpty()) {
      out.add(SdpAttribute.flag("end-of-candidates"));
    }
    out.add(SdpAttribute.of("ice-ufrag", options.ice().ufrag()));
    out.add(SdpAttribute.of("ice-pwd", options.ice().pwd()));
    out.add(SdpAttribute.of("fingerprint", options.dtlsFingerprint().toValue()));
    Setup theirs = offered.setup().or(session::setup).orElse(Setup.ACTIVE);
    out.add(SdpAttribute.of("setup", theirs.answer().token()));
    out.add(SdpAttribute.of("mid", offered.mid().orElseThrow()));
    for (Extmap e : offered.extmaps()) {
      if (EXTENSIONS.contains(e.uri())) {
        String direction = e.directionOrNull() == null ? null
            : reverse(e.directionOrNull()).token();
        out.add(SdpAttribute.of("extmap", new Extmap(e.id(), direction, e.uri(), null).toValue()));
      }
    }
    Direction ours = options.sendMedia() ? Direction.SENDRECV : Direction.RECVONLY;
    Direction reversed = offered.direction().orElse(Direction.SENDRECV).reversed();
    out.add(SdpAttribute.flag(Direction.of(reversed.sends() && ours.sends(),
        reversed.receives() && ours.receives()).token()));
    out.add(SdpAttribute.flag("rtcp-mux"));
    if (offered.has("rtcp-rsize")) {
      out.add(SdpAttribute.flag("rtcp-rsize"));
    }
    for (int pt : pts) {
      RtpMap map = offered.rtpMap(pt).orElseThrow();
      out.add(SdpAttribute.of("rtpmap", map.toValue()));
      if (!map.is("rtx")) {
        Set<String> feedback = new LinkedHashSet<>();
        offered.rtcpFeedback(pt).stream().map(RtcpFeedback::type)
            .filter(CodecPolicy.FEEDBACK::contains).forEach(feedback::add);
        feedback.forEach(t -> out.add(SdpAttribute.of("rtcp-fb", pt + " " + t)));
      }
      offered.fmtp(pt).ifPresent(f -> out.add(SdpAttribute.of("fmtp", f.toValue())));
    }
    simulcast(offered, out);
    String ip = options.candidates().isEmpty() ? "IN IP4 0.0.0.0"
        : (options.candidates().get(0).address() instanceof Inet6Address ? "IN IP6 " : "IN IP4 ")
            + options.candidates().get(0).address().getHostAddress();
    int port = options.candidates().stream().filter(c -> c.transport().equals("udp"))
        .mapToInt(IceCandidate::port).findFirst().orElse(9);
    return new MediaDescription(m.media(), port, 0, PROFILE,
        pts.stream().map(String::valueOf).toList(), List.of(new SdpLine('c', ip)),
        attributesOf(out));
  }

  /**
   * RFC 8853 section 5.3: to {@code a=simulcast:send q;h;f} with {@code a=rid:q send} ... the
   * answer receives the same streams, {@code a=rid:q recv} and {@code a=simulcast:recv q;h;f}.
   */
  private static void simulcast(Attributes offered, List<SdpAttribute> out) {
    Optional<Simulcast> simulcast = offered.simulcast();
    if (simulcast.isEmpty() || simulcast.get().send().isEmpty()) {
      return;
    }
    Set<String> sendRids = new LinkedHashSet<>();
    offered.rids().stream().filter(r -> r.direction().equals("send"))
        .forEach(r -> sendRids.add(r.id()));
    List<List<String>> streams = new ArrayList<>();
    for (List<String> stream : simulcast.get().send()) {
      List<String> kept = stream.stream()
          .filter(id -> sendRids.contains(id.startsWith("~") ? id.substring(1) : id)).toList();
      if (!kept.isEmpty()) {
        streams.add(kept);
      }
    }
    if (streams.isEmpty()) {
      return;
    }
    for (List<String> stream : streams) {
      for (String id : stream) {
        out.add(SdpAttribute.of("rid", (id.startsWith("~") ? id.substring(1) : id) + " recv"));
      }
    }
    out.add(SdpAttribute.of("simulcast", new Simulcast(List.of(), streams).toValue()));
  }

  private static Direction reverse(String token) {
    for (Direction d : Direction.values()) {
      if (d.token().equals(token)) {
        return d.reversed();
      }
    }
    return Direction.SENDRECV;
  }

  /** Attributes we built ourselves always parse; a failure here is our bug, not the peer's. */
  private static Attributes attributesOf(List<SdpAttribute> attributes) {
    try {
      return Attributes.of(attributes);
    } catch (io.tapline.pipeline.packet.MalformedPacketException e) {
      throw new IllegalStateException("answer attribute we wrote does not parse: " + e, e);
    }
  }
}
