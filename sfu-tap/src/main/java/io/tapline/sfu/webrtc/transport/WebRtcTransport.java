package io.tapline.sfu.webrtc.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.webrtc.dtls.DtlsCertificate;
import io.tapline.sfu.webrtc.ice.HostCandidates;
import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.ice.IceLiteDemultiplexer;
import io.tapline.sfu.webrtc.ice.IceLiteEndpoint;
import io.tapline.sfu.webrtc.ice.RemoteAddress;
import io.tapline.sfu.webrtc.ice.Routed;
import io.tapline.sfu.webrtc.tcp.IceTcpListener;
import java.net.InetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every WebRTC connection of a node on ONE UDP port. Each datagram is sorted by its first byte
 * (RFC 7983 section 7): STUN to the ICE-lite agent (Binding requests authenticated with the
 * connection's ufrag/pwd; the nominated address becomes the connection's), DTLS to that
 * connection's DTLS server, SRTP/SRTCP to its SRTP context and on to the forwarding core. Anything
 * else, or media from an address no connection selected, is counted by reason and dropped.
 * Reads run on one {@link IoLoop} of the media plane (non-blocking, no thread per packet); only
 * the DTLS handshakes run on a small worker pool.
 *
 * <p>With {@link WebRtcConfig#iceTcp()} on, an {@link IceTcpListener} on the same loop accepts
 * ICE-TCP connections (RFC 6544, passive candidates of lower priority than UDP's); their RFC 4571
 * frames take the same path as datagrams, with a {@link RemoteAddress} of transport TCP, and a
 * connection whose pair was selected carries that peer's outbound packets.
 */
public final class WebRtcTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);
  private static final long CONSENT_CHECK_NANOS = 1_000_000_000L;

  private final WebRtcConfig config;
  private final IoLoop loop;
  private final DatagramChannel channel;
  private final IceTcpListener tcp; // null when ICE-TCP is off
  private final DropCounters drops = new DropCounters();
  private final IceLiteDemultiplexer demux = new IceLiteDemultiplexer(drops);
  private final DtlsCertificate certificate;
  private final List<IceCandidate> candidates;
  private final Map<String, WebRtcPeer> peers = new ConcurrentHashMap<>();
  private final ExecutorService handshakes;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong received = new AtomicLong();
  private final LongConsumer ticker = this::tick;
  private final Clock clock;
  private long nextConsentCheck;
  private volatile boolean closed;

  public WebRtcTransport(WebRtcConfig config, IoLoop loop, MeterRegistry meters) {
    this(config, loop, meters, Clock.systemUTC());
  }

  WebRtcTransport(WebRtcConfig config, IoLoop loop, MeterRegistry meters, Clock clock) {
    this.config = config;
    this.loop = loop;
    this.clock = clock;
    this.certificate = DtlsCertificate.generate(random);
    try {
      channel = DatagramChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      channel.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the WebRTC port " + config.bindAddress().getHostAddress() + ":"
          + config.port(), e);
    }
    int port = localAddress().getPort();
    if (config.iceTcp().enabled()) {
      try {
        tcp = new IceTcpListener(config.iceTcp(), config.bindAddress(), loop, drops, new TcpFrames());
      } catch (RuntimeException e) {
        closeQuietly();
        throw e;
      }
    } else {
      tcp = null;
    }
    OptionalInt tcpPort = tcp == null ? OptionalInt.empty() : OptionalInt.of(tcp.localAddress().getPort());
    this.candidates = new HostCandidates(List.of(config.advertisedAddress()), port, tcpPort).candidates();
    this.handshakes = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dtls-handshake");
      t.setDaemon(true);
      return t;
    });
    loop.register(channel, this::onDatagram);
    loop.addTicker(ticker);
    Gauge.builder("tapline.webrtc.connections", peers, Map::size).register(meters);
    Gauge.builder("tapline.webrtc.drops", drops, DropCounters::total)
        .description("datagrams refused on the shared WebRTC port, all reasons").register(meters);
    Gauge.builder("tapline.webrtc.datagrams", received, AtomicLong::get).register(meters);
    if (tcp != null) {
      Gauge.builder("tapline.webrtc.tcp.connections", tcp, IceTcpListener::connections)
          .description("ICE-TCP connections open").register(meters);
    }
    log.info("WebRTC transport on {} (candidate {}:{}, ICE-TCP {}, peers from {})", localAddress(),
        config.advertisedAddress().getHostAddress(), port, tcp == null ? "off" : tcp.localAddress(),
        config.peerNetworks());
  }

  /** A new connection with fresh ICE credentials. {@code remoteUfrag} null accepts any peer ufrag. */
  public WebRtcPeer createPeer(String label, String remoteUfrag) {
    if (closed) {
      throw new IllegalStateException("WebRTC transport is closed");
    }
    IceCredentials local = IceCredentials.random(random);
    String id = label + "/" + local.ufrag();
    IceLiteEndpoint endpoint = new IceLiteEndpoint(id, local, remoteUfrag, clock, config.consentTimeout());
    WebRtcPeer peer = new WebRtcPeer(this, id, endpoint, drops);
    demux.register(endpoint);
    peers.put(endpoint.id(), peer);
    return peer;
  }

  public WebRtcConfig config() {
    return config;
  }

  public DtlsCertificate certificate() {
    return certificate;
  }

  /** Our host candidate(s) on the shared port, for the SDP. */
  public List<IceCandidate> candidates() {
    return candidates;
  }

  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ICE-TCP listener's address, when it is on. */
  public Optional<InetSocketAddress> tcpAddress() {
    return tcp == null ? Optional.empty() : Optional.of(tcp.localAddress());
  }

  /** ICE-TCP connections open now (0 when ICE-TCP is off). */
  public int tcpConnections() {
    return tcp == null ? 0 : tcp.connections();
  }

  /** Refused datagrams by reason (ICE, DTLS, SRTP, routing). */
  public Map<String, Long> drops() {
    return drops.snapshot();
  }

  public int connections() {
    return peers.size();
  }

  IoLoop loop() {
    return loop;
  }

  ExecutorService handshakes() {
    return handshakes;
  }

  void remove(WebRtcPeer peer) {
    if (peers.remove(peer.iceEndpoint().id(), peer)) {
      demux.unregister(peer.iceEndpoint());
      IceLiteEndpoint previous = peer.previousIceEndpoint();
      if (previous != null) {
        demux.unregister(previous);
      }
    }
  }

  /**
   * An ICE restart of {@code peer}: a new endpoint (same id, fresh credentials) takes over checks;
   * the old one's credentials stop working at once, its selected pair keeps routing media until a
   * new nomination replaces it.
   */
  IceLiteEndpoint restartIce(IceLiteEndpoint old, String remoteUfrag, IceCredentials local) {
    IceLiteEndpoint next = new IceLiteEndpoint(old.id(), local, remoteUfrag, clock, config.consentTimeout());
    demux.register(next);
    demux.retireCredentials(old);
    return next;
  }

  /** An endpoint two restarts old: nothing routes to it any more. */
  void forget(IceLiteEndpoint endpoint) {
    demux.unregister(endpoint);
  }

  /**
   * Sends one packet on the selected pair {@code to}: a datagram from the shared port, or a frame
   * queued on that ICE-TCP connection. Thread-safe (DatagramChannel serialises concurrent sends,
   * the TCP queue is concurrent); never blocks.
   */
  boolean send(ByteBuffer datagram, RemoteAddress to) {
    if (to.transport() == RemoteAddress.Transport.TCP) {
      if (tcp == null) {
        drops.count("tcp.closed");
        return false;
      }
      return tcp.send(to.address(), datagram);
    }
    return sendUdp(datagram, to.address());
  }

  private boolean sendUdp(ByteBuffer datagram, InetSocketAddress to) {
    try {
      if (channel.send(datagram, to) == 0) {
        drops.count("send.buffer_full");
        return false;
      }
      return true;
    } catch (IOException e) {
      drops.count("send.failed");
      log.debug("send to {} failed", to, e);
      return false;
    }
  }

  private void onDatagram(byte[] buf, int length, InetSocketAddress source, long nowNanos) {
    received.incrementAndGet();
    if (!config.peerNetworks().allows(source.getAddress())) {
      drops.count("webrtc.peer_network");
      return;
    }
    onPacket(buf, length, RemoteAddress.udp(source), nowNanos);
  }

  /** One datagram or ICE-TCP frame; returns whether it was an authenticated Binding request. */
  private boolean onPacket(byte[] buf, int length, RemoteAddress from, long nowNanos) {
    InetSocketAddress source = from.address();
    Routed routed = demux.route(buf, 0, length, from);
    if (routed.replyOrNull() != null) {
      send(ByteBuffer.wrap(routed.replyOrNull()), from);
      return routed.endpointOrNull() != null && routed.dropReasonOrNull() == null;
    }
    if (!routed.isMedia()) {
      return false; // counted by the demultiplexer
    }
    WebRtcPeer peer = peers.get(routed.endpointOrNull().id());
    if (peer == null) {
      drops.count("webrtc.closed");
      return false;
    }
    switch (routed.kind()) {
      case DTLS -> peer.onDtls(buf, 0, length);
      case RTP -> peer.onSrtp(buf, length, source, nowNanos);
      case RTCP -> peer.onSrtcp(buf, length, source, nowNanos);
      default -> drops.count("mux.unknown");
    }
    return false;
  }

  /** ICE-TCP frames into the same path as datagrams (transport loop). */
  private final class TcpFrames implements IceTcpListener.Frames {
    @Override
    public boolean onFrame(byte[] buf, int len, RemoteAddress source, long nowNanos) {
      received.incrementAndGet();
      return onPacket(buf, len, source, nowNanos);
    }

    @Override
    public boolean allows(InetAddress source) {
      return config.peerNetworks().allows(source);
    }

    @Override
    public void onClosed(RemoteAddress source) {
      if (demux.transportClosed(source)) {
        log.info("ICE-TCP connection {} of a selected pair closed: its consent fails", source);
      }
    }
  }

  private void tick(long nowNanos) {
    for (WebRtcPeer p : peers.values()) {
      p.sendTransportFeedback(nowNanos);
    }
    if (nowNanos - nextConsentCheck < 0) {
      return;
    }
    nextConsentCheck = nowNanos + CONSENT_CHECK_NANOS;
    for (WebRtcPeer p : peers.values()) {
      p.checkConsent();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (WebRtcPeer p : List.copyOf(peers.values())) {
      p.close();
    }
    loop.removeTicker(ticker);
    if (tcp != null) {
      tcp.close();
    }
    closeQuietly();
    handshakes.shutdownNow();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the WebRTC port", e);
    }
  }
}
