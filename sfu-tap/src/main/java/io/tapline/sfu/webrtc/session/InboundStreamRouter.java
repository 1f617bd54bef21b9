package io.tapline.sfu.webrtc.session;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.rtp.ext.SdesExtension;
import io.tapline.sfu.transport.DatagramHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the published track a decrypted RTP packet of one WebRTC connection belongs to. By SSRC
 * first (announced in {@code a=ssrc}, or learned); for a packet whose SSRC is not known yet, by
 * the mid header extension (RFC 8843 section 15, {@code urn:ietf:params:rtp-hdrext:sdes:mid},
 * read with the pipeline's RFC 8285 parser) naming the m-section of a track that announced no
 * SSRC. The first such packet binds its SSRC to that track, so later packets (which may omit the
 * extension) route by SSRC. A track stays bound to the first SSRC its mid brought; other SSRCs
 * with the same mid (an RTX or a simulcast layer, which this class does not route) are dropped as
 * {@code webrtc.unknown_ssrc}.
 *
 * <p>Only the transport's loop thread uses it.
 */
public final class InboundStreamRouter {
  private final DropCounters drops;
  private final Map<Long, DatagramHandler[]> bySsrc = new HashMap<>();
  private final Map<String, DatagramHandler[]> unbound = new HashMap<>(); // mid -> track without an SSRC yet
  private final Map<String, Long> boundSsrc = new HashMap<>(); // mid -> the SSRC it learned
  private int midExtensionId = -1;

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

  /** The RTCP handler of the track that owns {@code ssrc} (sender reports), or null. */
  public DatagramHandler rtcp(long ssrc) {
    DatagramHandler[] h = bySsrc.get(ssrc);
    return h == null ? null : h[1];
  }

  /**
   * The RTP handler for this packet, or null (counted: {@code webrtc.unknown_ssrc}, or
   * {@code webrtc.unknown_mid} when the extension names no track waiting for its SSRC).
   */
  public DatagramHandler rtp(byte[] buf, int len, long ssrc) {
    DatagramHandler[] h = bySsrc.get(ssrc);
    if (h != null) {
      return h[0];
    }
    if (unbound.isEmpty() || midExtensionId < 0) {
      drops.count("webrtc.unknown_ssrc");
      return null;
    }
    String mid;
    try {
      mid = mid(buf, len);
    } catch (MalformedPacketException e) {
      drops.count(e.reason());
      return null;
    }
    if (mid == null) {
      drops.count("webrtc.unknown_ssrc");
      return null;
    }
    h = unbound.remove(mid);
    if (h == null) {
      drops.count(boundSsrc.containsKey(mid) ? "webrtc.unknown_ssrc" : "webrtc.unknown_mid");
      return null;
    }
    bySsrc.put(ssrc, h);
    boundSsrc.put(mid, ssrc);
    return h[0];
  }

  private String mid(byte[] buf, int len) throws MalformedPacketException {
    RtpPacket p = RtpPacket.parse(buf, 0, len);
    if (!p.hasExtension()) {
      return null;
    }
    HeaderExtensions ext = HeaderExtensions.parse(buf, p.extensionProfile(), p.extensionDataOffset(),
        p.extensionDataLength());
    return SdesExtension.find(ext, midExtensionId);
  }
}
