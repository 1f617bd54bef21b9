package io.tapline.sfu.webrtc.ice;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint's ICE-lite state (RFC 8445 section 2.5): our credentials, the peer's ufrag, and
 * the selected pair, which for a lite agent on one port is just the remote address a valid
 * Binding request with USE-CANDIDATE came from (section 7.3.1.5). With ICE-TCP a browser may
 * nominate a UDP and a TCP pair: both are kept (the latest per transport), media is accepted on
 * either while it has consent, and ours goes on the highest-priority one with consent.
 *
 * <p>Consent (RFC 7675): a lite agent sends no checks, so consent is taken from the peer's: full
 * agents keep sending Binding requests on the selected pair (browsers every few seconds). When
 * none has arrived from the selected address for the consent timeout, the pair has expired and
 * media from it is no longer accepted.
 */
public final class IceLiteEndpoint {
  private final String id;
  private final IceCredentials local;
  private final String remoteUfrag;
  private final Clock clock;
  private final Duration consentTimeout;
  private volatile Pair udp; // the latest nominated pair per transport
  private volatile Pair tcp;
  private volatile RemoteAddress latest;

  /**
   * @param remoteUfrag the peer's ice-ufrag from its offer, or null to accept any (the USERNAME's
   *     second half is then not checked)
   */
  public IceLiteEndpoint(String id, IceCredentials local, String remoteUfrag, Clock clock,
      Duration consentTimeout) {
    if (consentTimeout.isNegative() || consentTimeout.isZero()) {
      throw new IllegalArgumentException("consent timeout must be positive: " + consentTimeout);
    }
    this.id = id;
    this.local = local;
    this.remoteUfrag = remoteUfrag;
    this.clock = clock;
    this.consentTimeout = consentTimeout;
  }

  public String id() {
    return id;
  }

  public IceCredentials localCredentials() {
    return local;
  }

  Optional<String> remoteUfrag() {
    return Optional.ofNullable(remoteUfrag);
  }

  /** The selected address, if any, whether or not consent has expired. */
  public Optional<InetSocketAddress> selectedAddress() {
    return selected().map(RemoteAddress::address);
  }

  /**
   * The selected pair (UDP or an ICE-TCP connection), where our packets go: of the nominated pairs
   * (the latest per transport), the highest-priority one that has consent, which is UDP's, since
   * every UDP candidate of ours outranks every TCP one (RFC 8445 section 8.1.1: the
   * highest-priority nominated pair); when none has consent, the latest nominated.
   */
  public Optional<RemoteAddress> selected() {
    Pair u = udp;
    Pair t = tcp;
    Instant now = clock.instant();
    if (u != null && u.fresh(now, consentTimeout)) {
      return Optional.of(u.address());
    }
    if (t != null && t.fresh(now, consentTimeout)) {
      return Optional.of(t.address());
    }
    return Optional.ofNullable(latest);
  }

  /** Every nominated pair (at most one per transport), with or without consent. */
  public List<RemoteAddress> nominated() {
    List<RemoteAddress> out = new ArrayList<>(2);
    Pair u = udp;
    Pair t = tcp;
    if (u != null) {
      out.add(u.address());
    }
    if (t != null) {
      out.add(t.address());
    }
    return out;
  }

  /**
   * The transport of a nominated pair is gone (its TCP connection closed): that pair's consent
   * fails now, as it would on expiry (RFC 7675 section 5.1), rather than after the timeout.
   */
  public synchronized void revokeConsent(RemoteAddress pair) {
    Pair p = slot(pair.transport());
    if (p != null && p.address().equals(pair)) {
      set(pair.transport(), new Pair(pair, Instant.EPOCH));
    }
  }

  /** Whether a pair was nominated and none of the nominated pairs had a valid request within the timeout. */
  public boolean isConsentExpired() {
    Pair u = udp;
    Pair t = tcp;
    Instant now = clock.instant();
    return (u != null || t != null) && !(u != null && u.fresh(now, consentTimeout))
        && !(t != null && t.fresh(now, consentTimeout));
  }

  /** Whether media from {@code source} belongs to this endpoint now: a nominated pair with consent. */
  public boolean accepts(RemoteAddress source) {
    Pair p = slot(source.transport());
    return p != null && p.address().equals(source) && p.fresh(clock.instant(), consentTimeout);
  }

  /**
   * Records an authenticated Binding request; returns the previously nominated address of the same
   * transport when a nomination moved it, so the demultiplexer can update its lookup.
   */
  synchronized Optional<RemoteAddress> onValidRequest(RemoteAddress source, boolean useCandidate) {
    Pair previous = slot(source.transport());
    if (useCandidate) {
      set(source.transport(), new Pair(source, clock.instant()));
      latest = source;
      return previous != null && !previous.address().equals(source)
          ? Optional.of(previous.address()) : Optional.empty();
    }
    if (previous != null && previous.address().equals(source)) {
      set(source.transport(), new Pair(source, clock.instant()));
    }
    return Optional.empty();
  }

  private Pair slot(RemoteAddress.Transport transport) {
    return transport == RemoteAddress.Transport.UDP ? udp : tcp;
  }

  private void set(RemoteAddress.Transport transport, Pair pair) {
    if (transport == RemoteAddress.Transport.UDP) {
      udp = pair;
    } else {
      tcp = pair;
    }
  }

  /** A nominated pair and when its last valid request came. */
  private record Pair(RemoteAddress address, Instant lastConsent) {
    boolean fresh(Instant now, Duration timeout) {
      return now.isBefore(lastConsent.plus(timeout));
    }
  }

  @Override
  public String toString() {
    return "IceLiteEndpoint[" + id + " " + local.ufrag() + " nominated=" + nominated() + "]";
  }
}
