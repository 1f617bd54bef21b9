package io.tapline.sfu.webrtc.ice;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One endpoint's ICE-lite state (RFC 8445 section 2.5): our credentials, the peer's ufrag, and
 * the selected pair, which for a lite agent on one port is just the remote address a valid
 * Binding request with USE-CANDIDATE came from (section 7.3.1.5).
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
  private volatile RemoteAddress selected;
  private volatile Instant lastConsent;

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

  /** The nominated remote address, if any, whether or not consent has expired. */
  public Optional<InetSocketAddress> selectedAddress() {
    return selected().map(RemoteAddress::address);
  }

  /** The nominated remote address with its transport (UDP or an ICE-TCP connection). */
  public Optional<RemoteAddress> selected() {
    return Optional.ofNullable(selected);
  }

  /**
   * The transport of the selected pair is gone (its TCP connection closed): consent fails now, as
   * it would on expiry (RFC 7675 section 5.1), rather than after the timeout.
   */
  public synchronized void revokeConsent(RemoteAddress pair) {
    if (pair.equals(selected)) {
      lastConsent = Instant.EPOCH;
    }
  }

  /** Whether a pair was selected and no valid request came from it within the timeout. */
  public boolean isConsentExpired() {
    Instant last = lastConsent;
    // last is null only in the instant between a first nomination's two writes: not expired
    return selected != null && last != null
        && !clock.instant().isBefore(last.plus(consentTimeout));
  }

  /** Whether media from {@code source} belongs to this endpoint now. */
  public boolean accepts(RemoteAddress source) {
    return source.equals(selected) && !isConsentExpired();
  }

  /**
   * Records an authenticated Binding request; returns the previously selected address when a
   * nomination moved the pair, so the demultiplexer can update its lookup.
   */
  synchronized Optional<RemoteAddress> onValidRequest(RemoteAddress source, boolean useCandidate) {
    RemoteAddress previous = selected;
    if (useCandidate || source.equals(previous)) {
      lastConsent = clock.instant(); // before selected, so readers never see a pair without it
    }
    if (useCandidate) {
      selected = source;
    }
    return useCandidate && previous != null && !previous.equals(source)
        ? Optional.of(previous) : Optional.empty();
  }

  @Override
  public String toString() {
    return "IceLiteEndpoint[" + id + " " + local.ufrag() + " selected=" + selected + "]";
  }
}
