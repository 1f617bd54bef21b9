package io.tapline.sfu.webrtc.ice;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.rtcp.PacketDemux;
import io.tapline.sfu.testing.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IceLiteDemultiplexerTest {
  private static final InetSocketAddress BROWSER = address(50000);
  private static final InetSocketAddress OTHER = address(50001);
  private static final String REMOTE_UFRAG = "Br0w";

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-24T00:00:00Z"));
  private final DropCounters drops = new DropCounters();
  private final IceLiteDemultiplexer demux = new IceLiteDemultiplexer(drops);
  private final IceCredentials local = IceCredentials.random(new Random(1));
  private final IceLiteEndpoint endpoint =
      new IceLiteEndpoint("alice", local, REMOTE_UFRAG, clock, Duration.ofSeconds(30));
  private final Random random = new Random(2);

  IceLiteDemultiplexerTest() {
    demux.register(endpoint);
  }

  @Test
  void answersValidNominationAndThenAcceptsMediaFromTheSelectedAddress() throws Exception {
    byte[] request = request().add(IceAttributes.useCandidate()).integrity(local.key())
        .fingerprint().toBytes();
    Routed r = route(request, BROWSER);
    assertEquals(Optional.of(endpoint), r.endpoint());
    assertEquals(Optional.empty(), r.dropReason());
    StunMessage response = StunMessage.parse(r.reply().get());
    assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
    assertArrayEquals(StunMessage.parse(request).transactionId(), response.transactionId());
    assertTrue(response.hasFingerprint());
    assertTrue(response.verifyIntegrity(local.key()));
    assertEquals(BROWSER, XorMappedAddress.decode(
        response.attribute(StunAttributes.XOR_MAPPED_ADDRESS).get().value(),
        response.transactionId()));
    assertEquals(Optional.of(BROWSER), endpoint.selectedAddress());

    Routed dtls = route(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0}, BROWSER);
    assertEquals(PacketDemux.Kind.DTLS, dtls.kind());
    assertTrue(dtls.isMedia());
    assertEquals(Optional.of(endpoint), dtls.endpoint());
    Routed rtp = route(rtp(), BROWSER);
    assertEquals(PacketDemux.Kind.RTP, rtp.kind());
    assertEquals(Optional.of(endpoint), rtp.endpoint());

    Routed stranger = route(rtp(), OTHER);
    assertFalse(stranger.isMedia());
    assertEquals(Optional.of("ice.unknown-source"), stranger.dropReason());
    assertEquals(1, drops.get("ice.unknown-source"));
  }

  @Test
  void checkWithoutUseCandidateIsAnsweredButSelectsNothing() throws Exception {
    Routed r = route(request().integrity(local.key()).fingerprint().toBytes(), BROWSER);
    assertEquals(StunClass.SUCCESS_RESPONSE, StunMessage.parse(r.reply().get()).messageClass());
    assertEquals(Optional.empty(), endpoint.selectedAddress());
    assertEquals(Optional.of("ice.unknown-source"), route(rtp(), BROWSER).dropReason());
  }

  @Test
  void wrongPasswordGets401WithoutIntegrityAndSelectsNothing() throws Exception {
    byte[] forged = request().add(IceAttributes.useCandidate())
        .integrity("not-the-password-at-all-x".getBytes(UTF_8)).fingerprint().toBytes();
    Routed r = route(forged, BROWSER);
    assertError(r, 401, false);
    assertEquals(Optional.empty(), r.endpoint());
    assertEquals(1, drops.get("ice.integrity"));
    assertEquals(Optional.empty(), endpoint.selectedAddress());
  }

  @Test
  void unknownLocalOrRemoteUfragGets401() throws Exception {
    byte[] unknown = request("nobody:" + REMOTE_UFRAG).integrity(local.key()).fingerprint()
        .toBytes();
    assertError(route(unknown, BROWSER), 401, false);
    byte[] wrongRemote = request(local.ufrag() + ":Evil").integrity(local.key()).fingerprint()
        .toBytes();
    assertError(route(wrongRemote, BROWSER), 401, false);
    assertEquals(2, drops.get("ice.unknown-ufrag"));
  }

  @Test
  void missingIntegrityGets400() throws Exception {
    assertError(route(request().fingerprint().toBytes(), BROWSER), 400, false);
    assertEquals(1, drops.get("ice.no-credentials"));
  }

  @Test
  void badOrMissingFingerprintIsDroppedSilently() {
    byte[] bad = request().integrity(local.key()).fingerprint().toBytes();
    bad[bad.length - 1] ^= 0x55;
    Routed r = route(bad, BROWSER);
    assertEquals(Optional.empty(), r.reply());
    assertEquals(1, drops.get("stun.fingerprint"));
    Routed none = route(request().integrity(local.key()).toBytes(), BROWSER);
    assertEquals(Optional.empty(), none.reply());
    assertEquals(1, drops.get("ice.no-fingerprint"));
  }

  @Test
  void peerClaimingControlledGetsRoleConflict() throws Exception {
    StunMessageWriter w = new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING,
        txid())
        .addString(StunAttributes.USERNAME, local.ufrag() + ":" + REMOTE_UFRAG)
        .add(IceAttributes.priority(1853824767L))
        .add(IceAttributes.controlled(42));
    Routed r = route(w.integrity(local.key()).fingerprint().toBytes(), BROWSER);
    assertError(r, 487, true);
    assertEquals(1, drops.get("ice.role-conflict"));
  }

  @Test
  void unknownComprehensionRequiredAttributeGets420ListingIt() throws Exception {
    byte[] request = request().add(0x0003, new byte[4]).integrity(local.key()).fingerprint()
        .toBytes();
    StunMessage response = assertError(route(request, BROWSER), 420, true);
    assertArrayEquals(new byte[] {0, 3},
        response.attribute(StunAttributes.UNKNOWN_ATTRIBUTES).get().value());
  }

  @Test
  void unknownComprehensionOptionalAttributeIsIgnored() throws Exception {
    byte[] request = request().add(0xc057, new byte[4]).integrity(local.key()).fingerprint()
        .toBytes(); // Chrome's GOOG-NETWORK-INFO
    assertEquals(StunClass.SUCCESS_RESPONSE,
        StunMessage.parse(route(request, BROWSER).reply().get()).messageClass());
  }

  @Test
  void consentExpiresWithoutRequestsFromTheSelectedAddress() {
    route(nomination(), BROWSER);
    clock.advance(Duration.ofSeconds(29));
    assertTrue(route(rtp(), BROWSER).isMedia());
    route(request().integrity(local.key()).fingerprint().toBytes(), BROWSER); // consent check
    clock.advance(Duration.ofSeconds(29));
    assertTrue(route(rtp(), BROWSER).isMedia());
    route(request().integrity(local.key()).fingerprint().toBytes(), OTHER); // not the pair
    clock.advance(Duration.ofSeconds(1));
    assertTrue(endpoint.isConsentExpired());
    assertEquals(Optional.of("ice.consent-expired"), route(rtp(), BROWSER).dropReason());
    route(request().integrity(local.key()).fingerprint().toBytes(), BROWSER);
    assertFalse(endpoint.isConsentExpired());
    assertTrue(route(rtp(), BROWSER).isMedia());
  }

  @Test
  void renominationMovesTheSelectedPair() {
    route(nomination(), BROWSER);
    route(nomination(), OTHER);
    assertEquals(Optional.of(OTHER), endpoint.selectedAddress());
    assertTrue(route(rtp(), OTHER).isMedia());
    assertEquals(Optional.of("ice.unknown-source"), route(rtp(), BROWSER).dropReason());
  }

  @Test
  void unregisteredEndpointNoLongerAnswersOrReceives() throws Exception {
    route(nomination(), BROWSER);
    demux.unregister(endpoint);
    assertEquals(Optional.of("ice.unknown-source"), route(rtp(), BROWSER).dropReason());
    assertError(route(nomination(), BROWSER), 401, false);
  }

  @Test
  void endpointWithoutKnownRemoteUfragAnswersIpv6Source() throws Exception {
    IceCredentials creds = IceCredentials.random(new Random(9));
    demux.register(new IceLiteEndpoint("bob", creds, null, clock, Duration.ofSeconds(30)));
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 40000);
    byte[] request = request(creds.ufrag() + ":anyRemote").add(IceAttributes.useCandidate())
        .integrity(creds.key()).fingerprint().toBytes();
    Routed r = route(request, v6);
    assertEquals("bob", r.endpoint().get().id());
    StunMessage response = StunMessage.parse(r.reply().get());
    assertTrue(response.verifyIntegrity(creds.key()));
    assertEquals(v6, XorMappedAddress.decode(
        response.attribute(StunAttributes.XOR_MAPPED_ADDRESS).get().value(),
        response.transactionId()));
    assertEquals(Optional.of("bob"), route(rtp(), v6).endpoint().map(IceLiteEndpoint::id));
  }

  @Test
  void garbageIsCountedNotThrown() {
    assertEquals(Optional.of("mux.unknown"), route(new byte[] {100, 1, 2}, BROWSER).dropReason());
    assertEquals(Optional.of("stun.truncated"), route(new byte[] {0, 1, 0}, BROWSER).dropReason());
  }

  @Test
  void aTcpPairAndAUdpSourceWithTheSameAddressAreDifferentPairs() throws Exception {
    RemoteAddress tcp = RemoteAddress.tcp(BROWSER);
    byte[] check = nomination();
    Routed r = demux.route(check, 0, check.length, tcp);
    assertEquals(Optional.empty(), r.dropReason());
    assertEquals(Optional.of(tcp), endpoint.selected());

    byte[] media = rtp();
    assertEquals(Optional.of(endpoint), demux.route(media, 0, media.length, tcp).endpoint());
    Routed udp = route(media, BROWSER); // same address and port, but UDP: not the selected pair
    assertEquals(Optional.of("ice.unknown-source"), udp.dropReason());

    // the connection closed: consent fails at once, not after the 30 s timeout
    assertTrue(demux.transportClosed(tcp));
    assertTrue(endpoint.isConsentExpired());
    assertEquals(Optional.of("ice.consent-expired"), demux.route(media, 0, media.length, tcp).dropReason());
    assertEquals(false, demux.transportClosed(RemoteAddress.tcp(OTHER)));
  }

  @Test
  void withAUdpAndATcpPairNominatedOursGoesOnUdpAndMediaIsAcceptedOnBoth() throws Exception {
    RemoteAddress udp = RemoteAddress.udp(BROWSER);
    RemoteAddress tcp = RemoteAddress.tcp(OTHER);
    byte[] first = nomination();
    demux.route(first, 0, first.length, udp);
    byte[] second = nomination(); // a browser may nominate its TCP pair after the UDP one
    demux.route(second, 0, second.length, tcp);
    assertEquals(Optional.of(udp), endpoint.selected(), "the highest-priority nominated pair");
    byte[] media = rtp();
    assertEquals(Optional.of(endpoint), demux.route(media, 0, media.length, udp).endpoint());
    assertEquals(Optional.of(endpoint), demux.route(media, 0, media.length, tcp).endpoint());

    assertTrue(demux.transportClosed(tcp));
    assertEquals(false, endpoint.isConsentExpired(), "UDP still has consent");
    assertEquals(Optional.of("ice.consent-expired"), demux.route(media, 0, media.length, tcp).dropReason());
    assertEquals(Optional.empty(), demux.route(media, 0, media.length, udp).dropReason());

    // UDP consent runs out (no checks for 30 s): nothing is left
    clock.advance(Duration.ofSeconds(31));
    assertTrue(endpoint.isConsentExpired());
  }

  private byte[] nomination() {
    return request().add(IceAttributes.useCandidate()).integrity(local.key()).fingerprint()
        .toBytes();
  }

  private StunMessageWriter request() {
    return request(local.ufrag() + ":" + REMOTE_UFRAG);
  }

  /** Shaped like Chrome's checks: USERNAME, PRIORITY, ICE-CONTROLLING, then what the test adds. */
  private StunMessageWriter request(String username) {
    return new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING, txid())
        .addString(StunAttributes.USERNAME, username)
        .add(IceAttributes.controlling(random.nextLong()))
        .add(IceAttributes.priority(1853824767L));
  }

  private byte[] txid() {
    byte[] t = new byte[12];
    random.nextBytes(t);
    return t;
  }

  private Routed route(byte[] datagram, InetSocketAddress source) {
    return demux.route(datagram, 0, datagram.length, source);
  }

  private StunMessage assertError(Routed r, int code, boolean withIntegrity) throws Exception {
    StunMessage response = StunMessage.parse(r.reply().orElseThrow());
    assertEquals(StunClass.ERROR_RESPONSE, response.messageClass());
    assertEquals(code,
        StunErrorCode.decode(response.attribute(StunAttributes.ERROR_CODE).get().value()).code());
    assertTrue(response.hasFingerprint());
    assertEquals(withIntegrity, response.hasIntegrity());
    if (withIntegrity) {
      assertTrue(response.verifyIntegrity(local.key()));
    }
    assertTrue(r.dropReason().isPresent());
    return response;
  }

  private static byte[] rtp() {
    byte[] b = new byte[20];
    b[0] = (byte) 0x80;
    b[1] = 96;
    return b;
  }

  private static InetSocketAddress address(int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
