package io.tapline.sfu.webrtc.transport;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.rtp.ext.SdesExtension;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.transport.DatagramHandler;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Which published track a connection's decrypted RTP belongs to. By SSRC first (announced in
 * {@code a=ssrc}, or learned); a packet with an SSRC not seen yet is matched by its header
 * extensions, and its SSRC is routed from then on, so browsers may stop sending mid and rid:
 *
 * <ul>
 *   <li>a simulcast track's layer by its rid (RtpStreamId, RFC 8852 section 3.1) within the section
 *       its mid names (RFC 8843 section 15; when the packet has no mid, a rid only one simulcast
 *       track has). A stream carrying a repaired rid (RFC 8852 section 3.2: RTX) is not forwarded:
 *       Tapline does not ask publishers for retransmissions ({@value #REPAIR_STREAM});
 *   <li>a track whose section announced no SSRC at all by the mid alone. It stays bound to the
 *       first SSRC its mid brought; other SSRCs with the same mid (an RTX stream) are dropped as
 *       {@value #UNKNOWN_SSRC}, a mid naming no waiting track as {@value #UNKNOWN_MID}.
 * </ul>
 *
 * <p>Transport loop only.
 */
public final class InboundStreamRouter {
  /** A packet whose SSRC and header extensions match no route. */
  static final String UNKNOWN_SSRC = "webrtc.unknown_ssrc";
  /** A packet whose mid names no track waiting for its SSRC. */
  static final String UNKNOWN_MID = "webrtc.unknown_mid";
  /** RTX of a simulcast layer (repaired rid): not used. */
  static final String REPAIR_STREAM = "webrtc.repair_stream";

  private static final DatagramHandler[] IGNORED = new DatagramHandler[0];

  private record Simulcast(SimulcastStreams streams, int midId, int ridId, int repairedRidId,
      DatagramHandler[] route) {}

  private final Map<Long, DatagramHandler[]> bySsrc = new HashMap<>();
  private final Map<Long, String> learnedFor = new HashMap<>(); // learned simulcast SSRC -> mid
  private final Map<String, Simulcast> simulcast = new HashMap<>();
  private final Map<String, DatagramHandler[]> unbound = new HashMap<>(); // mid -> track without an SSRC yet
  private final Map<String, Long> boundSsrc = new HashMap<>(); // mid -> the SSRC it learned
  private final DropCounters drops;
  private int midExtensionId = -1;
  private String missReason; // why the last learn() found nothing

  public InboundStreamRouter(DropCounters drops) {
    this.drops = drops;
  }

  /** The connection's negotiated id of the mid extension (1-255), or -1 when not negotiated. */
  public void midExtensionId(int id) {
    this.midExtensionId = id;
  }

  /** A track whose SSRC is known ({@code a=ssrc}). */
  public void route(long ssrc, DatagramHandler rtp, DatagramHandler rtcp) {
    bySsrc.put(ssrc, new DatagramHandler[] {rtp, rtcp});
  }

  public void unroute(long ssrc) {
    bySsrc.remove(ssrc);
  }

  /** A track that announced no SSRC: its packets carry {@code mid} in the mid extension. */
  public void routeByMid(String mid, DatagramHandler rtp, DatagramHandler rtcp) {
    unbound.put(mid, new DatagramHandler[] {rtp, rtcp});
  }

  public void unrouteByMid(String mid) {
    unbound.remove(mid);
    Long ssrc = boundSsrc.remove(mid);
    if (ssrc != null) {
      bySsrc.remove(ssrc);
    }
  }

  /** A simulcast track: its layers' SSRCs are learned from the mid and rid extensions. */
  public void routeSimulcast(SimulcastStreams streams, Map<Integer, String> extmap, DatagramHandler rtp,
      DatagramHandler rtcp) {
    simulcast.put(streams.mid(), new Simulcast(streams, id(extmap, ExtensionMap.MID),
        id(extmap, ExtensionMap.RTP_STREAM_ID), id(extmap, ExtensionMap.REPAIRED_RTP_STREAM_ID),
        new DatagramHandler[] {rtp, rtcp}));
  }

  public void unrouteSimulcast(String mid) {
    simulcast.remove(mid);
    for (Iterator<Map.Entry<Long, String>> it = learnedFor.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, String> e = it.next();
      if (e.getValue().equals(mid)) {
        bySsrc.remove(e.getKey());
        it.remove();
      }
    }
  }

  /** The RTP handler of a decrypted packet {@code buf[0, len)}, or null (counted) when it has none. */
  public DatagramHandler rtp(byte[] buf, int len, long ssrc) {
    DatagramHandler[] route = bySsrc.get(ssrc);
    if (route == null) {
      missReason = UNKNOWN_SSRC;
      if (!simulcast.isEmpty() || (!unbound.isEmpty() && midExtensionId >= 0)) {
        route = learn(buf, len, ssrc);
      }
    }
    if (route == null) {
      if (missReason != null) {
        drops.count(missReason);
      }
      return null;
    }
    if (route == IGNORED) {
      drops.count(REPAIR_STREAM);
      return null;
    }
    return route[0];
  }

  /** The RTCP handler for a sender report about {@code ssrc}, or null. */
  public DatagramHandler rtcp(long ssrc) {
    DatagramHandler[] route = bySsrc.get(ssrc);
    return route == null || route == IGNORED ? null : route[1];
  }

  /** Null when nothing matches; {@link #missReason} then says why (null: already counted). */
  private DatagramHandler[] learn(byte[] buf, int len, long ssrc) {
    HeaderExtensions ext;
    try {
      RtpPacket packet = RtpPacket.parse(buf, 0, len);
      if (!packet.hasExtension()) {
        return null;
      }
      ext = packet.headerExtensions();
      DatagramHandler[] route = simulcast.isEmpty() ? null : learnLayer(ext, ssrc);
      return route != null || missReason == null ? route : learnMid(ext, ssrc);
    } catch (MalformedPacketException e) {
      drops.count(e.reason());
      missReason = null;
      return null;
    }
  }

  private DatagramHandler[] learnLayer(HeaderExtensions ext, long ssrc) throws MalformedPacketException {
    Simulcast match = null;
    boolean repair = false;
    for (Simulcast s : simulcast.values()) {
      String mid = s.midId() < 0 ? null : SdesExtension.find(ext, s.midId());
      if (mid != null && !mid.equals(s.streams().mid())) {
        continue;
      }
      String rid = s.ridId() < 0 ? null : SdesExtension.find(ext, s.ridId());
      String repaired = s.repairedRidId() < 0 ? null : SdesExtension.find(ext, s.repairedRidId());
      String named = rid != null ? rid : repaired;
      if (named == null || !s.streams().rids().contains(named)) {
        continue;
      }
      if (match != null && mid == null) {
        return null; // the same rid in two sections and no mid to tell them apart
      }
      match = s;
      repair = rid == null;
    }
    if (match == null) {
      return null;
    }
    DatagramHandler[] route = repair ? IGNORED : match.route();
    bySsrc.put(ssrc, route);
    learnedFor.put(ssrc, match.streams().mid());
    return route;
  }

  private DatagramHandler[] learnMid(HeaderExtensions ext, long ssrc) throws MalformedPacketException {
    if (unbound.isEmpty() || midExtensionId < 0) {
      return null;
    }
    String mid = SdesExtension.find(ext, midExtensionId);
    if (mid == null) {
      return null;
    }
    DatagramHandler[] route = unbound.remove(mid);
    if (route == null) {
      missReason = boundSsrc.containsKey(mid) || simulcast.containsKey(mid) ? UNKNOWN_SSRC : UNKNOWN_MID;
      return null;
    }
    bySsrc.put(ssrc, route);
    boundSsrc.put(mid, ssrc);
    return route;
  }

  private static int id(Map<Integer, String> extmap, String uri) {
    for (Map.Entry<Integer, String> e : extmap.entrySet()) {
      if (uri.equals(e.getValue())) {
        return e.getKey();
      }
    }
    return -1;
  }
}
