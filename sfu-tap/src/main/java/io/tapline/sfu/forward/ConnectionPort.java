package io.tapline.sfu.forward;

import io.tapline.sfu.media.MediaConnection;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;

/**
 * What the forwarding core needs from a connection that multiplexes many tracks on one transport
 * (a WebRTC PeerConnection on the node's shared UDP port): the loop its inbound packets arrive on,
 * a sink towards the peer, and routing of decrypted packets by SSRC to the tracks' receive paths.
 * Tracks published over a connection live on {@link #loop()}, so their receive paths stay
 * confined to one thread.
 */
public interface ConnectionPort extends MediaConnection {
  /** The I/O loop that reads (and decrypts) this connection's datagrams. */
  IoLoop loop();

  /** Sends to the peer (SRTP/SRTCP-protected). */
  PacketSink sink();

  /**
   * Routes the peer's RTP with this SSRC, and its RTCP sender reports about it, to a published
   * track's receive paths. Called on {@link #loop()}.
   */
  void routeInbound(long ssrc, DatagramHandler rtp, DatagramHandler rtcp);

  /** Called on {@link #loop()}. */
  void unrouteInbound(long ssrc);

  /**
   * Routes a published track's RTP and RTCP: by its announced SSRC, or, for a track announced
   * without one, however the connection identifies it (WebRTC: the mid header extension). Called
   * on {@link #loop()}.
   */
  default void routeInbound(TrackSpec spec, DatagramHandler rtp, DatagramHandler rtcp) {
    if (spec.ssrc() == null) {
      throw new IllegalArgumentException("a track over a connection needs its SSRC: " + spec.trackId());
    }
    routeInbound(spec.ssrc(), rtp, rtcp);
  }

  /** Called on {@link #loop()}. */
  default void unrouteInbound(TrackSpec spec) {
    if (spec.ssrc() != null) {
      unrouteInbound(spec.ssrc());
    }
  }

  /**
   * Routes the peer's feedback (PLI, FIR, NACK) about a stream it receives with SSRC
   * {@code outSsrc} to the RTCP path of the track it comes from, run on that track's loop. Any thread.
   */
  void routeFeedback(long outSsrc, IoLoop trackLoop, DatagramHandler rtcp);

  /** Any thread. */
  void unrouteFeedback(long outSsrc);

  /**
   * The header extension ids this connection declared to its peer for the streams it receives
   * (URI to id, one numbering for the whole BUNDLE transport), or null to forward the publishers'
   * ids unchanged. Forwarded packets are renumbered to these; other elements get an id the
   * connection never declares.
   */
  default java.util.Map<String, Integer> extensionIds() {
    return null;
  }

  /**
   * Routes the peer's RTP streams of a simulcast track, which announce no SSRC, to a track's
   * receive paths: a packet whose SSRC is not routed yet is matched by its mid and rid header
   * extensions (RFC 8843, RFC 8852) and its SSRC is routed from then on. Called on {@link #loop()}.
   */
  default void routeSimulcast(io.tapline.sfu.media.SimulcastStreams streams, java.util.Map<Integer, String> extmap,
      DatagramHandler rtp, DatagramHandler rtcp) {
    throw new UnsupportedOperationException("this connection cannot route simulcast streams");
  }

  /** Forgets a simulcast track's routes (its learned SSRCs too). Called on {@link #loop()}. */
  default void unrouteSimulcast(String mid) {}

  /** The header extensions of a track the peer publishes (e.g. to acknowledge transport-wide sequence numbers). */
  default void publishedExtensions(java.util.Map<Integer, String> extmap) {}

  /** The bandwidth estimate towards the peer, bit/s; {@code Long.MAX_VALUE} when unknown. Any thread. */
  default long downlinkEstimateBps(long nowNanos) {
    return Long.MAX_VALUE;
  }
}
