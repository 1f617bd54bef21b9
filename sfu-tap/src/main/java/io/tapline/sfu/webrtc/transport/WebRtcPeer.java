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
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.webrtc.dtls.DtlsHandshakeException;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpKeys;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpServer;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.ice.IceLiteEndpoint;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
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

  /** Where a connection is. Only moves forward. */
  public enum State {
    NEW, CONNECTING, CONNECTED, FAILED, CLOSED
  }

  private final WebRtcTransport transport;
  private final String id;
  private final IceLiteEndpoint ice;
  private final DropCounters drops;
  private final InboundStreamRouter inbound; // loop thread only
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
  private volatile boolean handshakeStarted;
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
      return; // a renegotiation keeps the DTLS association (RFC 8842 section 5)
    }
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

  InetSocketAddress remote() {
    return ice.selectedAddress().orElse(null);
  }

  IceLiteEndpoint iceEndpoint() {
    return ice;
  }

  /** A DTLS datagram from the selected address (transport loop). */
  void onDtls(byte[] buf, int off, int len) {
    DtlsSrtpServer d = dtls;
    if (d == null) {
      drops.count("dtls.no_remote_fingerprint"); // the answer has not arrived yet: DTLS retransmits
      return;
    }
    d.deliver(buf, off, len);
    if (!handshakeStarted) {
      handshakeStarted = true;
      move(State.CONNECTING);
      transport.handshakes().execute(() -> handshake(d));
    }
  }

  private void handshake(DtlsSrtpServer d) {
    try {
      DtlsSrtpKeys keys = d.handshake();
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
    if (state != State.CLOSED && state != State.FAILED && ice.isConsentExpired()) {
      log.info("WebRTC connection {}: consent from {} expired", id, remote());
      drops.count("ice.consent_expired");
      move(State.FAILED);
    }
  }

  private void sendDtls(byte[] buf, int off, int len) throws java.io.IOException {
    InetSocketAddress to = remote();
    if (to == null) {
      throw new java.io.IOException("no selected ICE address yet");
    }
    transport.send(ByteBuffer.wrap(buf, off, len), to);
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
        InetSocketAddress to = remote();
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
