package io.tapline.sfu.webrtc.transport;

import io.tapline.sfu.webrtc.tcp.IceTcpConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the WebRTC transport: one UDP port per node for every WebRTC connection.
 *
 * @param bindAddress where the shared port is bound
 * @param port the shared UDP port, 0 for an ephemeral one
 * @param advertisedAddress the address in our ICE host candidate (a public address behind a 1:1
 *     NAT); bindAddress when null
 * @param consentTimeout a connection whose peer sent no valid Binding request for this long has
 *     lost consent (RFC 7675 section 5.1: 30 s) and is closed
 * @param handshakeTimeout how long the DTLS handshake may take from its first datagram
 * @param iceServers STUN/TURN URLs handed to clients in {@code joined} (RTCIceServer urls), may
 *     be empty: an ICE-lite server with a reachable host candidate needs none
 * @param peerNetworks where peers may send from; datagrams from elsewhere are dropped (counted as
 *     {@code webrtc.peer_network}) before ICE answers them
 * @param iceTcp the optional ICE-TCP listener (RFC 6544 passive candidates), {@link IceTcpConfig#off()}
 *     when null
 */
public record WebRtcConfig(InetAddress bindAddress, int port, InetAddress advertisedAddress, Duration consentTimeout,
    Duration handshakeTimeout, List<String> iceServers, PeerNetworks peerNetworks, IceTcpConfig iceTcp) {
  /** No ICE-TCP listener. */
  public WebRtcConfig(InetAddress bindAddress, int port, InetAddress advertisedAddress, Duration consentTimeout,
      Duration handshakeTimeout, List<String> iceServers, PeerNetworks peerNetworks) {
    this(bindAddress, port, advertisedAddress, consentTimeout, handshakeTimeout, iceServers, peerNetworks,
        IceTcpConfig.off());
  }

  /** Peers from any address. */
  public WebRtcConfig(InetAddress bindAddress, int port, InetAddress advertisedAddress, Duration consentTimeout,
      Duration handshakeTimeout, List<String> iceServers) {
    this(bindAddress, port, advertisedAddress, consentTimeout, handshakeTimeout, iceServers, PeerNetworks.any());
  }

  public WebRtcConfig {
    peerNetworks = peerNetworks == null ? PeerNetworks.any() : peerNetworks;
    iceTcp = iceTcp == null ? IceTcpConfig.off() : iceTcp;
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(consentTimeout, "consentTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    if (advertisedAddress == null) {
      advertisedAddress = bindAddress;
    }
    if (advertisedAddress.isAnyLocalAddress()) {
      throw new IllegalArgumentException("advertisedAddress must be a concrete address, not " + advertisedAddress);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    if (consentTimeout.compareTo(Duration.ofSeconds(1)) < 0 || handshakeTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("consentTimeout and handshakeTimeout must be at least 1 s");
    }
  }

  /** The same settings with this ICE-TCP listener. */
  public WebRtcConfig withIceTcp(IceTcpConfig tcp) {
    return new WebRtcConfig(bindAddress, port, advertisedAddress, consentTimeout, handshakeTimeout, iceServers,
        peerNetworks, tcp);
  }

  /** Loopback, an ephemeral port, 30 s consent, 10 s handshake, no ICE servers. */
  public static WebRtcConfig defaults() {
    return new WebRtcConfig(InetAddress.getLoopbackAddress(), 0, null, Duration.ofSeconds(30), Duration.ofSeconds(10),
        List.of());
  }
}
