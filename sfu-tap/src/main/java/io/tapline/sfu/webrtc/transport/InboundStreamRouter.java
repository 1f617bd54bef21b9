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
 * extensions: the rid (RtpStreamId, RFC 8852 section 3.1) of a simulcast track's layer, within the
 * section its mid names (RFC 8843 section 15; when the packet has no mid, a rid only one simulcast
 * track has). Its SSRC is routed from then on, so browsers may stop sending mid and rid. A stream
 * carrying a repaired rid (RFC 8852 section 3.2: RTX) is not forwarded: Tapline does not ask
 * publishers for retransmissions. Transport loop only.
 */
final class InboundStreamRouter {
  /** A packet whose SSRC and header extensions match no route. */
  static final String UNKNOWN_SSRC = "webrtc.unknown_ssrc";
  /** RTX of a simulcast layer (repaired rid): not used. */
  static final String REPAIR_STREAM = "webrtc.repair_stream";

  private static final DatagramHandler[] IGNORED = new DatagramHandler[0];

  private record Simulcast(SimulcastStreams streams, int midId, int ridId, int repairedRidId,
      DatagramHandler[] route) {}

  private final Map<Long, DatagramHandler[]> bySsrc = new HashMap<>();
  private final Map<Long, String> learnedFor = new HashMap<>(); // learned SSRC -> mid
  private final Map<String, Simulcast> simulcast = new HashMap<>();
  private final DropCounters drops;

  InboundStreamRouter(DropCounters drops) {
    this.drops = drops;
  }

  void route(long ssrc, DatagramHandler rtp, DatagramHandler rtcp) {
    bySsrc.put(ssrc, new DatagramHandler[] {rtp, rtcp});
  }

  void unroute(long ssrc) {
    bySsrc.remove(ssrc);
  }

  void routeSimulcast(SimulcastStreams streams, Map<Integer, String> extmap, DatagramHandler rtp,
      DatagramHandler rtcp) {
    simulcast.put(streams.mid(), new Simulcast(streams, id(extmap, ExtensionMap.MID), id(extmap, ExtensionMap.RTP_STREAM_ID),
        id(extmap, ExtensionMap.REPAIRED_RTP_STREAM_ID), new DatagramHandler[] {rtp, rtcp}));
  }

  void unrouteSimulcast(String mid) {
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
  DatagramHandler rtp(byte[] buf, int len, long ssrc) {
    DatagramHandler[] route = bySsrc.get(ssrc);
    if (route == null && !simulcast.isEmpty()) {
      route = learn(buf, len, ssrc);
    }
    if (route == null) {
      drops.count(UNKNOWN_SSRC);
      return null;
    }
    if (route == IGNORED) {
      drops.count(REPAIR_STREAM);
      return null;
    }
    return route[0];
  }

  /** The RTCP handler for a sender report about {@code ssrc}, or null. */
  DatagramHandler rtcp(long ssrc) {
    DatagramHandler[] route = bySsrc.get(ssrc);
    return route == null || route == IGNORED ? null : route[1];
  }

  private DatagramHandler[] learn(byte[] buf, int len, long ssrc) {
    HeaderExtensions ext;
    try {
      RtpPacket packet = RtpPacket.parse(buf, 0, len);
      if (!packet.hasExtension()) {
        return null;
      }
      ext = packet.headerExtensions();
    } catch (MalformedPacketException e) {
      drops.count(e.reason());
      return null;
    }
    Simulcast match = null;
    boolean repair = false;
    for (Simulcast s : simulcast.values()) {
      try {
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
      } catch (MalformedPacketException e) {
        drops.count(e.reason());
        return null;
      }
    }
    if (match == null) {
      return null;
    }
    DatagramHandler[] route = repair ? IGNORED : match.route();
    bySsrc.put(ssrc, route);
    learnedFor.put(ssrc, match.streams().mid());
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
