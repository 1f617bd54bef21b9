package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.PacketDemux;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point for every datagram on a node's one WebRTC UDP port. It sorts datagrams by their
 * first byte (RFC 7983, {@link PacketDemux}), answers Binding requests as an ICE-lite agent (RFC
 * 8445 section 7.3), finding the endpoint by the USERNAME's first half, and hands DTLS, RTP and
 * RTCP to the endpoint whose selected pair has that source address and still has consent.
 *
 * <p>Checks on a request, in the order RFC 8489 section 6.3 and 9.1.3 give: a missing or wrong
 * FINGERPRINT makes it not ICE's STUN, dropped silently; missing USERNAME or MESSAGE-INTEGRITY is
 * a 400; an unknown ufrag or a wrong integrity a 401 (neither with MESSAGE-INTEGRITY); then,
 * authenticated, unknown comprehension-required attributes a 420, ICE-CONTROLLED a 487 (a lite
 * agent is always controlled, RFC 8445 section 6.1.1, so a peer that thinks it is controlled must
 * switch), a missing PRIORITY a 400 (section 7.2.2 requires it). Every refusal is counted.
 */
public final class IceLiteDemultiplexer {
  private final ConcurrentHashMap<String, IceLiteEndpoint> byUfrag = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RemoteAddress, IceLiteEndpoint> bySelectedAddress =
      new ConcurrentHashMap<>();
  private final DropCounters drops;

  public IceLiteDemultiplexer(DropCounters drops) {
    this.drops = drops;
  }

  public void register(IceLiteEndpoint endpoint) {
    String ufrag = endpoint.localCredentials().ufrag();
    if (byUfrag.putIfAbsent(ufrag, endpoint) != null) {
      throw new IllegalArgumentException("ufrag already in use: " + ufrag);
    }
  }

  public void unregister(IceLiteEndpoint endpoint) {
    byUfrag.remove(endpoint.localCredentials().ufrag(), endpoint);
    endpoint.nominated().forEach(a -> bySelectedAddress.remove(a, endpoint));
  }

  /**
   * An ICE restart replaced this endpoint's credentials: checks with them are refused from now on
   * (401), but media from its selected pair is still routed to it until another endpoint selects
   * that address or it is unregistered.
   */
  public void retireCredentials(IceLiteEndpoint endpoint) {
    byUfrag.remove(endpoint.localCredentials().ufrag(), endpoint);
  }

  /**
   * The transport under {@code pair} closed (an ICE-TCP connection): the endpoint that selected it
   * loses consent now. Returns whether one had.
   */
  public boolean transportClosed(RemoteAddress pair) {
    IceLiteEndpoint endpoint = bySelectedAddress.get(pair);
    if (endpoint == null) {
      return false;
    }
    endpoint.revokeConsent(pair);
    return true;
  }

  /** A datagram from the shared UDP port. */
  public Routed route(byte[] datagram, int offset, int length, InetSocketAddress source) {
    return route(datagram, offset, length, RemoteAddress.udp(source));
  }

  /** A datagram, or an RFC 4571 frame of an ICE-TCP connection, from {@code source}. */
  public Routed route(byte[] datagram, int offset, int length, RemoteAddress source) {
    PacketDemux.Kind kind = PacketDemux.classify(datagram, offset, length);
    switch (kind) {
      case STUN:
        return routeStun(datagram, offset, length, source);
      case UNKNOWN:
        return drop(kind, "mux.unknown");
      default:
        IceLiteEndpoint endpoint = bySelectedAddress.get(source);
        if (endpoint == null) {
          return drop(kind, "ice.unknown-source");
        }
        if (!endpoint.accepts(source)) {
          return drop(kind, "ice.consent-expired");
        }
        return Routed.media(kind, endpoint);
    }
  }

  private Routed routeStun(byte[] datagram, int offset, int length, RemoteAddress source) {
    StunMessage request;
    try {
      request = StunMessage.parse(datagram, offset, length);
    } catch (MalformedPacketException e) {
      return drop(PacketDemux.Kind.STUN, e.reason());
    }
    if (request.method() != StunMessage.METHOD_BINDING) {
      return drop(PacketDemux.Kind.STUN, "ice.unexpected-method");
    }
    if (request.messageClass() != StunClass.REQUEST) {
      // a lite agent sends no requests, so responses are stray; indications need no answer
      return drop(PacketDemux.Kind.STUN, "ice.unexpected-class");
    }
    if (!request.hasFingerprint()) {
      return drop(PacketDemux.Kind.STUN, "ice.no-fingerprint");
    }
    Optional<StunAttribute> username = request.attribute(StunAttributes.USERNAME);
    if (username.isEmpty() || !request.hasIntegrity()) {
      return refuse(null, "ice.no-credentials",
          BindingResponses.unauthenticatedError(request, StunErrorCode.BAD_REQUEST));
    }
    String[] names = new String(username.get().value(), StandardCharsets.UTF_8).split(":", 2);
    IceLiteEndpoint endpoint = byUfrag.get(names[0]);
    if (endpoint == null || names.length < 2
        || !endpoint.remoteUfrag().map(names[1]::equals).orElse(true)) {
      return refuse(null, "ice.unknown-ufrag",
          BindingResponses.unauthenticatedError(request, StunErrorCode.UNAUTHORIZED));
    }
    IceCredentials local = endpoint.localCredentials();
    if (!request.verifyIntegrity(local.key())) {
      return refuse(null, "ice.integrity", // forged: it belongs to no one
          BindingResponses.unauthenticatedError(request, StunErrorCode.UNAUTHORIZED));
    }
    List<Integer> unknown = new ArrayList<>();
    for (StunAttribute a : request.attributes()) {
      if (StunAttributes.isComprehensionRequired(a.type())
          && !StunAttributes.isKnownRequired(a.type())) {
        unknown.add(a.type());
      }
    }
    if (!unknown.isEmpty()) {
      return refuse(endpoint, "ice.unknown-attribute", BindingResponses.authenticatedError(
          request, StunErrorCode.UNKNOWN_ATTRIBUTE, local, unknown));
    }
    if (request.has(StunAttributes.ICE_CONTROLLED)) {
      return refuse(endpoint, "ice.role-conflict", BindingResponses.authenticatedError(
          request, StunErrorCode.ROLE_CONFLICT, local, List.of()));
    }
    if (!request.has(StunAttributes.PRIORITY)) {
      return refuse(endpoint, "ice.no-priority", BindingResponses.authenticatedError(
          request, StunErrorCode.BAD_REQUEST, local, List.of()));
    }
    boolean useCandidate = request.has(StunAttributes.USE_CANDIDATE);
    endpoint.onValidRequest(source, useCandidate)
        .ifPresent(previous -> bySelectedAddress.remove(previous, endpoint));
    if (useCandidate) {
      bySelectedAddress.put(source, endpoint);
    }
    return Routed.stun(endpoint, BindingResponses.success(request, source.address(), local), null);
  }

  private Routed refuse(IceLiteEndpoint endpoint, String reason, byte[] reply) {
    drops.count(reason);
    return Routed.stun(endpoint, reply, reason);
  }

  private Routed drop(PacketDemux.Kind kind, String reason) {
    drops.count(reason);
    return Routed.dropped(kind, reason);
  }
}
