package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code a=} lines of a session or media section, in order, with a typed view of those
 * WebRTC uses (JSEP, RFC 8829 section 5.8). Every typed attribute is parsed once, when the set is
 * built, so bad values are refused up front with a {@code sdp.<attribute>} reason; unknown
 * attributes are kept as written and written back unchanged.
 */
public final class Attributes {
  private final List<SdpAttribute> all;
  private final List<RtpMap> rtpMaps = new ArrayList<>();
  private final List<Fmtp> fmtps = new ArrayList<>();
  private final List<RtcpFeedback> rtcpFeedback = new ArrayList<>();
  private final List<Extmap> extmaps = new ArrayList<>();
  private final List<Fingerprint> fingerprints = new ArrayList<>();
  private final List<SsrcAttribute> ssrcs = new ArrayList<>();
  private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
  private final List<Rid> rids = new ArrayList<>();
  private final List<List<String>> groups = new ArrayList<>();
  private Simulcast simulcast;
  private Setup setup;
  private Direction direction;

  private Attributes(List<SdpAttribute> all) {
    this.all = List.copyOf(all);
  }

  public static Attributes of(List<SdpAttribute> attributes) throws MalformedPacketException {
    Attributes a = new Attributes(attributes);
    for (SdpAttribute attr : a.all) {
      a.read(attr);
    }
    return a;
  }

  private void read(SdpAttribute a) throws MalformedPacketException {
    String name = a.name();
    if (Direction.isDirection(name)) {
      if (a.valueOrNull() != null) {
        throw new MalformedPacketException("sdp.direction", a.toString());
      }
      if (direction == null) {
        direction = Direction.parse(name);
      }
      return;
    }
    String v = a.valueOrNull();
    switch (name) {
      case "rtpmap" -> rtpMaps.add(RtpMap.parse(require(a)));
      case "fmtp" -> fmtps.add(Fmtp.parse(require(a)));
      case "rtcp-fb" -> rtcpFeedback.add(RtcpFeedback.parse(require(a)));
      case "extmap" -> extmaps.add(Extmap.parse(require(a)));
      case "fingerprint" -> fingerprints.add(Fingerprint.parse(require(a)));
      case "ssrc" -> ssrcs.add(SsrcAttribute.parse(require(a)));
      case "ssrc-group" -> ssrcGroups.add(SsrcGroup.parse(require(a)));
      case "rid" -> rids.add(Rid.parse(require(a)));
      case "simulcast" -> {
        if (simulcast != null) {
          throw new MalformedPacketException("sdp.simulcast", "more than one a=simulcast");
        }
        simulcast = Simulcast.parse(require(a));
      }
      case "setup" -> setup = Setup.parse(require(a));
      case "group" -> groups.add(List.of(SdpSyntax.fields(require(a), 1, "sdp.group")));
      case "mid" -> {
        if (!SdpSyntax.isToken(require(a))) {
          throw new MalformedPacketException("sdp.mid", "'" + v + "'");
        }
      }
      case "ice-ufrag", "ice-pwd" -> {
        // RFC 8839 section 5.4: ice-chars only; lengths are the offerer's business
        if (!require(a).matches("[A-Za-z0-9+/]{1,256}")) {
          throw new MalformedPacketException("sdp." + name, "not ice-chars");
        }
      }
      default -> { }
    }
  }

  private static String require(SdpAttribute a) throws MalformedPacketException {
    if (a.valueOrNull() == null || a.valueOrNull().isEmpty()) {
      throw new MalformedPacketException("sdp." + a.name(), "needs a value");
    }
    return a.valueOrNull();
  }

  public List<SdpAttribute> all() {
    return all;
  }

  /** The value of the first attribute with this name. */
  public Optional<String> value(String name) {
    return all.stream().filter(a -> a.name().equals(name) && a.valueOrNull() != null)
        .map(SdpAttribute::valueOrNull).findFirst();
  }

  public boolean has(String name) {
    return all.stream().anyMatch(a -> a.name().equals(name));
  }

  public Optional<String> mid() {
    return value("mid");
  }

  public Optional<Direction> direction() {
    return Optional.ofNullable(direction);
  }

  public Optional<String> iceUfrag() {
    return value("ice-ufrag");
  }

  public Optional<String> icePwd() {
    return value("ice-pwd");
  }

  public Optional<Setup> setup() {
    return Optional.ofNullable(setup);
  }

  public Optional<String> msid() {
    return value("msid");
  }

  public List<Fingerprint> fingerprints() {
    return List.copyOf(fingerprints);
  }

  public List<RtpMap> rtpMaps() {
    return List.copyOf(rtpMaps);
  }

  public Optional<RtpMap> rtpMap(int payloadType) {
    return rtpMaps.stream().filter(r -> r.payloadType() == payloadType).findFirst();
  }

  public Optional<Fmtp> fmtp(int payloadType) {
    return fmtps.stream().filter(f -> f.payloadType() == payloadType).findFirst();
  }

  /** Feedback for a payload type, including that given for '*'. */
  public List<RtcpFeedback> rtcpFeedback(int payloadType) {
    return rtcpFeedback.stream().filter(f -> f.payloadType() == payloadType
        || f.payloadType() == RtcpFeedback.WILDCARD).toList();
  }

  public List<Extmap> extmaps() {
    return List.copyOf(extmaps);
  }

  public List<SsrcAttribute> ssrcs() {
    return List.copyOf(ssrcs);
  }

  public List<SsrcGroup> ssrcGroups() {
    return List.copyOf(ssrcGroups);
  }

  public List<Rid> rids() {
    return List.copyOf(rids);
  }

  public Optional<Simulcast> simulcast() {
    return Optional.ofNullable(simulcast);
  }

  /** {@code a=group} lines (RFC 5888): semantics first, then the mids. */
  public List<List<String>> groups() {
    return List.copyOf(groups);
  }

  /** The mids of the first BUNDLE group (RFC 8843 section 7.1), if any. */
  public Optional<List<String>> bundle() {
    return groups.stream().filter(g -> g.get(0).equals("BUNDLE"))
        .map(g -> g.subList(1, g.size())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes a && a.all.equals(all);
  }

  @Override
  public int hashCode() {
    return all.hashCode();
  }

  @Override
  public String toString() {
    return all.toString();
  }

  public List<String> candidates() {
    return all.stream().filter(a -> a.name().equals("candidate") && a.valueOrNull() != null)
        .map(SdpAttribute::valueOrNull).toList();
  }
}
