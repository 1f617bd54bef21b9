package io.tapline.sfu.webrtc.transport;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.ReceiverReport;
import io.tapline.pipeline.rtcp.Remb;
import io.tapline.pipeline.rtcp.ReportBlock;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.TransportCcFeedback;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.sfu.forward.ConnectionPort;
import io.tapline.sfu.forward.DownlinkEstimator;
import io.tapline.sfu.forward.SimulcastConfig;
import io.tapline.sfu.media.SimulcastStreams;
import java.util.List;
import io.tapline.sfu.forward.PacketSink;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.webrtc.dtls.DtlsHandshakeException;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpKeys;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpServer;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.ice.IceLiteEndpoint;
import io.tapline.sfu.webrtc.ice.RemoteAddress;
import io.tapline.sfu.webrtc.session.SubscriberOffer;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC connection (a browser's PeerConnection) on the node's shared port: its ICE-lite
 * endpoint, its DTLS server, and the two SRTP contexts the handshake yields. The transport's
 * demultiplexer hands it the datagrams from its selected address; decrypted RTP and RTCP go to
 * the forwarding core's receive paths by SSRC ({@link ConnectionPort}), so forwarding, the NACK
 * cache, keyframe requests, active speaker and the tap are the plain-RTP ones.
 *
 * <p>Threads: inbound packets and the inbound context stay on the transport's loop; the sink may
 * be called from any track's loop and serialises on the outbound context; the DTLS handshake runs
 * on a worker thread.
 */
public final class WebRtcPeer implements ConnectionPort, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebRtcPeer.class);

  /** Where a connection is. Only moves forward, except FAILED back to CONNECTED after an ICE restart. */
  public enum State {
    NEW, CONNECTING, CONNECTED, FAILED, CLOSED
  }

  private final WebRtcTransport transport;
  private final String id;
  private volatile IceLiteEndpoint ice;
  private volatile IceLiteEndpoint previousIce; // until the restarted one selects a pair
  private volatile boolean iceRestarted;
  private final DropCounters drops;
  private final InboundStreamRouter inbound; // loop thread only
  private final Map<String, String> midByTrack = new ConcurrentHashMap<>(); // tracks without a=ssrc
  private final TransportCcResponder transportCc =
      new TransportCcResponder(1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(0xfffffffeL));
  private final DownlinkEstimator downlink = new DownlinkEstimator(SimulcastConfig.defaults());
  private final Map<Long, Feedback> feedback = new ConcurrentHashMap<>();
  private final Object sendLock = new Object();
  private final byte[] sendArray = new byte[4096];
  private final ByteBuffer sendBuffer = ByteBuffer.wrap(sendArray);
  private final byte[] rtcpScratch = new byte[1500];
  private final PacketSink sink = new Sink();
  private volatile Consumer<State> listener = s -> {};
  private volatile DtlsSrtpServer dtls;
  private String remoteFingerprint; // normalized, under this
  private volatile boolean handshakeStarted;
  private volatile boolean established; // the handshake returned: later DTLS is serviced
  private volatile State state = State.NEW;
  private SrtpContext in; // loop thread
  private SrtpContext out; // under sendLock

  private record Feedback(IoLoop loop, DatagramHandler rtcp) {}

  WebRtcPeer(WebRtcTransport transport, String id, IceLiteEndpoint ice, DropCounters drops) {
    this.transport = transport;
    this.id = id;
    this.ice = ice;
    this.drops = drops;
    this.inbound = new InboundStreamRouter(drops);
  }

  @Override
  public String id() {
    return id;
  }

  public IceCredentials localCredentials() {
    return ice.localCredentials();
  }

  /**
   * An ICE restart (RFC 8445 section 9, RFC 8839 section 4.4.1.1.1): the peer's new offer or
   * answer carries a new ice-ufrag. New local credentials authenticate checks from now on (the old
   * ones get 401s); media keeps flowing on the old pair until a check with the new ones nominates
   * a pair; the DTLS association, SRTP contexts and routes survive. A connection that had failed
   * (consent expired) becomes connected again once the new pair is selected.
   *
   * @param remoteUfrag the peer's new ice-ufrag, or null to accept any
   * @param local our new credentials (in the answer or offer that carries the restart)
   * @return {@code local}
   */
  public synchronized IceCredentials restartIce(String remoteUfrag, IceCredentials local) {
    if (state == State.CLOSED) {
      throw new IllegalStateException("connection " + id + " is closed");
    }
    IceLiteEndpoint old = ice;
    IceLiteEndpoint older = previousIce;
    ice = transport.restartIce(old, remoteUfrag, local);
    previousIce = old;
    if (older != null) {
      transport.forget(older);
    }
    iceRestarted = true;
    log.info("WebRTC connection {}: ICE restart (remote ufrag {}, local ufrag {})", id, remoteUfrag,
        ice.localCredentials().ufrag());
    return ice.localCredentials();
  }

  public State state() {
    return state;
  }

  /** Called on every state change, off the packet path (transport loop or handshake thread). */
  public void onStateChange(Consumer<State> l) {
    listener = l;
  }

  /**
   * The peer's DTLS certificate fingerprint from its SDP ({@code sha-256 AB:...}); DTLS from it is
   * accepted from then on. Setting it again (a renegotiation) must give the same value.
   *
   * @throws IllegalArgumentException when it is not a SHA-256 fingerprint or differs from the first
   */
  public synchronized void setRemoteFingerprint(String fingerprint) {
    if (dtls != null) {
      // a renegotiation or an ICE restart keeps the DTLS association (RFC 8842 section 5)
      String normalized = io.tapline.sfu.webrtc.dtls.DtlsFingerprint.normalize(fingerprint);
      if (!normalized.equals(remoteFingerprint)) {
        throw new IllegalArgumentException("the a=fingerprint changed (" + fingerprint
            + "): a new DTLS association needs a new connection; leave and join again");
      }
      return;
    }
    remoteFingerprint = io.tapline.sfu.webrtc.dtls.DtlsFingerprint.normalize(fingerprint);
    dtls = new DtlsSrtpServer(transport.certificate(), fingerprint, this::sendDtls,
        transport.config().handshakeTimeout(), drops);
  }

  @Override
  public IoLoop loop() {
    return transport.loop();
  }

  @Override
  public PacketSink sink() {
    return sink;
  }

  @Override
  public void routeInbound(long ssrc, DatagramHandler rtp, DatagramHandler rtcp) {
    inbound.route(ssrc, rtp, rtcp);
  }

  @Override
  public void unrouteInbound(long ssrc) {
    inbound.unroute(ssrc);
  }

  /**
   * The publish offer's section {@code mid} announced no SSRC: track {@code trackId}, published
   * next, is found by the mid header extension (negotiated as {@code midExtensionId}) and its
   * SSRC learned from the first packet. Any thread; call before publishing the track.
   */
  public void expectByMid(String trackId, String mid, int midExtensionId) {
    midByTrack.put(trackId, mid);
    loop().execute(() -> inbound.midExtensionId(midExtensionId));
  }

  @Override
  public void routeInbound(TrackSpec spec, DatagramHandler rtp, DatagramHandler rtcp) {
    if (spec.ssrc() != null) {
      routeInbound(spec.ssrc(), rtp, rtcp);
      return;
    }
    String mid = midByTrack.get(spec.trackId());
    if (mid == null) {
      throw new IllegalArgumentException("track " + spec.trackId() + " has neither an SSRC nor a mid to route by");
    }
    inbound.routeByMid(mid, rtp, rtcp);
  }

  @Override
  public void unrouteInbound(TrackSpec spec) {
    if (spec.ssrc() != null) {
      unrouteInbound(spec.ssrc());
      return;
    }
    String mid = midByTrack.remove(spec.trackId());
    if (mid != null) {
      inbound.unrouteByMid(mid);
    }
  }

  @Override
  public Map<String, Integer> extensionIds() {
    return SubscriberOffer.EXTENSION_IDS;
  }

  @Override
  public void routeSimulcast(SimulcastStreams streams, Map<Integer, String> extmap, DatagramHandler rtp,
      DatagramHandler rtcp) {
    inbound.routeSimulcast(streams, extmap, rtp, rtcp);
  }

  @Override
  public void unrouteSimulcast(String mid) {
    inbound.unrouteSimulcast(mid);
  }

  @Override
  public void publishedExtensions(Map<Integer, String> extmap) {
    extmap.forEach((id, uri) -> {
      if (ExtensionMap.TRANSPORT_CC.equals(uri)) {
        transportCc.extensionId(id);
      }
    });
  }

  @Override
  public long downlinkEstimateBps(long nowNanos) {
    return downlink.estimate();
  }

  /** The bandwidth estimate towards this peer (for tests and metrics). */
  public DownlinkEstimator downlink() {
    return downlink;
  }

  /** Transport-wide feedback about what the peer sent us, when due (transport loop). */
  void sendTransportFeedback(long nowNanos) {
    if (in == null) {
      return;
    }
    TransportCcFeedback fb = transportCc.poll(nowNanos);
    if (fb != null) {
      byte[] b = new byte[fb.length()];
      fb.writeTo(b, 0);
      sink.sendRtcp(b, b.length);
    }
  }

  @Override
  public void routeFeedback(long outSsrc, IoLoop trackLoop, DatagramHandler rtcp) {
    feedback.put(outSsrc, new Feedback(trackLoop, rtcp));
  }

  @Override
  public void unrouteFeedback(long outSsrc) {
    feedback.remove(outSsrc);
  }

  /** The selected pair (UDP or an ICE-TCP connection) outbound packets go to; null before one. */
  RemoteAddress remote() {
    IceLiteEndpoint prev = previousIce;
    return ice.selected().or(() -> prev == null ? java.util.Optional.empty() : prev.selected())
        .orElse(null);
  }

  IceLiteEndpoint iceEndpoint() {
    return ice;
  }

  /** The endpoint an ICE restart replaced, while its pair may still carry media; or null. */
  IceLiteEndpoint previousIceEndpoint() {
    return previousIce;
  }

  /** A DTLS datagram from the selected address (transport loop). */
  void onDtls(byte[] buf, int off, int len) {
    DtlsSrtpServer d = dtls;
    if (d == null) {
      drops.count("dtls.no_remote_fingerprint"); // the answer has not arrived yet: DTLS retransmits
      return;
    }
    d.deliver(buf, off, len);
    if (established) {
      transport.handshakes().execute(() -> serviceDtls(d));
    } else if (!handshakeStarted) {
      handshakeStarted = true;
      move(State.CONNECTING);
      transport.handshakes().execute(() -> handshake(d));
    }
  }

  private void handshake(DtlsSrtpServer d) {
    try {
      DtlsSrtpKeys keys = d.handshake();
      established = true;
      synchronized (sendLock) {
        out = keys.outbound(drops);
      }
      loop().execute(() -> {
        in = keys.inbound(drops);
        log.info("WebRTC connection {} connected from {} ({})", id, remote(), keys.profile());
        move(State.CONNECTED);
      });
    } catch (DtlsHandshakeException e) {
      log.warn("WebRTC connection {}: DTLS handshake failed: {} {}", id, e.reason(), e.getMessage());
      move(State.FAILED);
    }
  }

  /**
   * DTLS after the handshake (handshake pool): a retransmitted final flight gets ours again; a
   * close_notify closes the connection (RFC 5246 section 7.2.1).
   */
  private void serviceDtls(DtlsSrtpServer d) {
    if (d.serviceAfterHandshake() == DtlsSrtpServer.Association.CLOSED_BY_PEER) {
      log.info("WebRTC connection {}: the peer closed DTLS (close_notify)", id);
      close();
    }
  }

  /** SRTP from the selected address (transport loop): decrypt, then the track's RTP path. */
  void onSrtp(byte[] buf, int len, InetSocketAddress source, long nowNanos) {
    if (in == null) {
      drops.count("srtp.before_keys");
      return;
    }
    int n;
    try {
      n = in.unprotectRtp(buf, 0, len);
    } catch (MalformedPacketException e) {
      return; // counted by the context under its reason
    }
    long ssrc = ((buf[8] & 0xffL) << 24) | ((buf[9] & 0xff) << 16) | ((buf[10] & 0xff) << 8) | (buf[11] & 0xff);
    transportCc.received(buf, n, nowNanos);
    DatagramHandler rtp = inbound.rtp(buf, n, ssrc);
    if (rtp != null) {
      rtp.onDatagram(buf, n, source, nowNanos);
    }
  }

  /** SRTCP from the selected address (transport loop): decrypt, split, each packet to its track. */
  void onSrtcp(byte[] buf, int len, InetSocketAddress source, long nowNanos) {
    if (in == null) {
      drops.count("srtcp.before_keys");
      return;
    }
    int n;
    try {
      n = in.unprotectRtcp(buf, 0, len);
    } catch (MalformedPacketException e) {
      return;
    }
    for (int off = 0; off < n; ) {
      int plen = RtcpRouting.packetLength(buf, off, n);
      if (plen < 0) {
        drops.count("rtcp.malformed");
        return;
      }
      RtcpRouting.Target target = RtcpRouting.target(buf, off, plen);
      if (target == RtcpRouting.Target.NONE) {
        congestionFeedback(buf, off, plen, nowNanos);
      } else {
        long ssrc = RtcpRouting.ssrc(buf, off, plen);
        if (target == RtcpRouting.Target.INBOUND) {
          DatagramHandler rtcp = inbound.rtcp(ssrc);
          if (rtcp != null) {
            System.arraycopy(buf, off, rtcpScratch, 0, Math.min(plen, rtcpScratch.length));
            rtcp.onDatagram(rtcpScratch, Math.min(plen, rtcpScratch.length), source, nowNanos);
          }
        } else {
          Feedback f = feedback.get(ssrc);
          if (f != null) {
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + plen); // low rate; may cross loops
            f.loop().execute(() -> f.rtcp().onDatagram(copy, copy.length, source, System.nanoTime()));
          } else {
            drops.count("rtcp.unknown_ssrc");
          }
        }
      }
      off += plen;
    }
  }

  /**
   * REMB and receiver reports about the streams we send feed the downlink estimate; the rest of
   * what the SFU terminates is ignored. A malformed packet is counted and skipped.
   */
  private void congestionFeedback(byte[] buf, int off, int len, long nowNanos) {
    int pt = buf[off + 1] & 0xff;
    boolean remb = pt == RtcpRouting.PSFB && (buf[off] & 0x1f) == Remb.FMT;
    if (!remb && pt != RtcpRouting.RR) {
      return;
    }
    List<RtcpPacket> packets;
    try {
      packets = RtcpCompound.parse(buf, off, len);
    } catch (MalformedPacketException e) {
      drops.count(e.reason());
      return;
    }
    for (RtcpPacket p : packets) {
      if (p instanceof Remb r) {
        downlink.remb(r.bitrate(), nowNanos);
      } else if (p instanceof ReceiverReport rr) {
        int worst = -1;
        for (ReportBlock b : rr.reports()) {
          if (feedback.containsKey(b.ssrc())) {
            worst = Math.max(worst, b.fractionLost());
          }
        }
        if (worst >= 0) {
          downlink.receiverReport(worst / 256.0, nowNanos);
        }
      }
    }
  }

  /** Consent freshness (RFC 7675): called about once a second on the transport loop. */
  void checkConsent() {
    IceLiteEndpoint current = ice;
    if (state == State.FAILED && iceRestarted && established && current.selectedAddress().isPresent()
        && !current.isConsentExpired()) {
      recover(current);
      return;
    }
    if (state != State.CLOSED && state != State.FAILED && current.isConsentExpired()) {
      log.info("WebRTC connection {}: consent from {} expired", id, remote());
      drops.count("ice.consent_expired");
      move(State.FAILED);
    }
  }

  private void sendDtls(byte[] buf, int off, int len) throws java.io.IOException {
    RemoteAddress to = remote();
    if (to == null) {
      throw new java.io.IOException("no selected ICE address yet");
    }
    transport.send(ByteBuffer.wrap(buf, off, len), to);
  }

  /** After an ICE restart, the one way back from FAILED: the new pair was selected. */
  private synchronized void recover(IceLiteEndpoint current) {
    if (state != State.FAILED || ice != current) {
      return;
    }
    log.info("WebRTC connection {}: connected again from {} after an ICE restart", id, remote());
    state = State.CONNECTED;
    try {
      listener.accept(State.CONNECTED);
    } catch (RuntimeException e) {
      log.warn("WebRTC connection {}: state listener failed", id, e);
    }
  }

  private synchronized void move(State next) {
    if (next.ordinal() <= state.ordinal()) {
      return;
    }
    state = next;
    try {
      listener.accept(next);
    } catch (RuntimeException e) {
      log.warn("WebRTC connection {}: state listener failed", id, e);
    }
  }

  /** Closes the connection (close_notify to the peer) and forgets its routes. Safe twice. */
  @Override
  public void close() {
    move(State.CLOSED);
    transport.remove(this);
    DtlsSrtpServer d = dtls;
    if (d != null) {
      d.close();
    }
    synchronized (sendLock) {
      out = null;
    }
    feedback.clear();
  }

  @Override
  public String toString() {
    return "WebRtcPeer[" + id + " " + state + " " + remote() + "]";
  }

  private final class Sink implements PacketSink {
    @Override
    public boolean sendRtp(byte[] buf, int len) {
      return send(buf, len, false);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int len) {
      return send(buf, len, true);
    }

    private boolean send(byte[] buf, int len, boolean rtcp) {
      synchronized (sendLock) {
        RemoteAddress to = remote();
        if (out == null || to == null) {
          drops.count("webrtc.not_connected");
          return false;
        }
        if (len + SrtpContext.MAX_OVERHEAD > sendArray.length) {
          drops.count("webrtc.oversize");
          return false;
        }
        int n;
        try {
          n = rtcp ? out.protectRtcp(buf, 0, len, sendArray, 0) : out.protectRtp(buf, 0, len, sendArray, 0);
          if (!rtcp) {
            downlink.sent(len, System.nanoTime());
          }
        } catch (MalformedPacketException e) {
          return false; // counted by the context
        } catch (IllegalStateException e) {
          drops.count("srtp.reused_iv"); // GCM refuses the same SSRC and sequence number twice
          return false;
        }
        sendBuffer.clear().limit(n);
        return transport.send(sendBuffer, to);
      }
    }
  }
}
