package io.tapline.sfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bctls client and our server handshake over in-memory queues (the same path the media plane
 * uses: datagrams in through deliver, out through a sink), then exchange SRTP both ways.
 */
class DtlsSrtpServerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final DropCounters drops = new DropCounters();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void handshakeExportsMatchingKeysAndSrtpFlowsBothWays() throws Exception {
    assertSrtpBothWays(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertSrtpBothWays(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  @Test
  void clientWhoseCertificateIsNotTheSdpOneIsRefused() throws Exception {
    DtlsCertificate serverCert = DtlsCertificate.generate(RANDOM);
    DtlsCertificate announced = DtlsCertificate.generate(RANDOM);
    DtlsCertificate used = DtlsCertificate.generate(RANDOM);
    Pair pair = new Pair(serverCert, announced.fingerprint(), Duration.ofSeconds(5));
    TestDtlsClient client = new TestDtlsClient(new BcTlsCrypto(RANDOM), used,
        serverCert.fingerprint(), SrtpProfile.AES_CM_128_HMAC_SHA1_80);

    Future<DtlsSrtpKeys> server = pool.submit(pair.server::handshake);
    assertThrows(IOException.class, () -> new DTLSClientProtocol().connect(client, pair.client));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> server.get(10, TimeUnit.SECONDS));
    DtlsHandshakeException refused = (DtlsHandshakeException) e.getCause();
    assertEquals("dtls.fingerprint", refused.reason());
    assertTrue(refused.getMessage().contains(used.fingerprint()), refused.getMessage());
    assertEquals(1, drops.get("dtls.fingerprint"));
  }

  @Test
  void lostLastFlightIsSentAgainAfterTheHandshakeAndCloseNotifyEndsTheAssociation() throws Exception {
    DtlsCertificate serverCert = DtlsCertificate.generate(RANDOM);
    DtlsCertificate clientCert = DtlsCertificate.generate(RANDOM);
    ExecutorService service = Executors.newSingleThreadExecutor();
    ExecutorService clientThread = Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.atomic.AtomicBoolean handshakeDone = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.LinkedBlockingQueue<DtlsSrtpServer.Association> outcomes =
          new java.util.concurrent.LinkedBlockingQueue<>();
      DtlsSrtpServer[] server = new DtlsSrtpServer[1];
      // Client -> server as the media plane does it: deliver, then service the association once
      // the handshake has returned.
      QueuedDatagramTransport client = new QueuedDatagramTransport(64, (b, o, l) -> {
        server[0].deliver(b, o, l);
        if (handshakeDone.get()) {
          service.execute(() -> outcomes.add(server[0].serviceAfterHandshake()));
        }
      }, drops);
      // Server -> client loses our whole last flight (ChangeCipherSpec, and Finished in epoch 1)
      // until the server's handshake has returned: the client must retransmit its flight.
      server[0] = new DtlsSrtpServer(serverCert, clientCert.fingerprint(), (b, o, l) -> {
        boolean lastFlight = b[o] == 20 || (b[o] == 22 && b[o + 4] == 1);
        if (lastFlight && !handshakeDone.get()) {
          dropped.incrementAndGet();
          return;
        }
        client.deliver(b, o, l);
      }, Duration.ofSeconds(10), drops);
      TestDtlsClient tls = new TestDtlsClient(new BcTlsCrypto(RANDOM), clientCert, serverCert.fingerprint(),
          SrtpProfile.AES_CM_128_HMAC_SHA1_80);

      Future<DtlsSrtpKeys> serverKeys = pool.submit(() -> {
        DtlsSrtpKeys k = server[0].handshake();
        handshakeDone.set(true);
        return k;
      });
      Future<org.bouncycastle.tls.DTLSTransport> connected =
          clientThread.submit(() -> new DTLSClientProtocol().connect(tls, client));
      DtlsSrtpKeys s = serverKeys.get(20, TimeUnit.SECONDS);
      org.bouncycastle.tls.DTLSTransport clientDtls = connected.get(30, TimeUnit.SECONDS);
      assertTrue(dropped.get() >= 1, "the test dropped nothing");
      byte[] rtp = rtp();
      assertArrayEquals(rtp, roundTrip(tls.keys().outbound(drops), s.inbound(drops), rtp));
      assertTrue(outcomes.stream().allMatch(a -> a == DtlsSrtpServer.Association.OPEN), outcomes.toString());

      clientDtls.close(); // close_notify
      DtlsSrtpServer.Association last;
      do {
        last = outcomes.poll(20, TimeUnit.SECONDS);
      } while (last == DtlsSrtpServer.Association.OPEN);
      assertEquals(DtlsSrtpServer.Association.CLOSED_BY_PEER, last);
      assertEquals(1, drops.get("dtls.close_notify"));
      server[0].close();
      assertEquals(DtlsSrtpServer.Association.CLOSED, server[0].serviceAfterHandshake());
    } finally {
      service.shutdownNow();
      clientThread.shutdownNow();
    }
  }

  @Test
  void silentPeerTimesOut() {
    DtlsSrtpServer server = new DtlsSrtpServer(DtlsCertificate.generate(RANDOM),
        DtlsCertificate.generate(RANDOM).fingerprint(), (b, o, l) -> { },
        Duration.ofMillis(300), drops);
    long start = System.nanoTime();
    DtlsHandshakeException e = assertThrows(DtlsHandshakeException.class, server::handshake);
    assertEquals("dtls.timeout", e.reason());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void fingerprintIsSha256OfTheCertificateAndSdpFormsAreNormalized() {
    DtlsCertificate cert = DtlsCertificate.generate(RANDOM);
    assertEquals(DtlsFingerprint.sha256(cert.der()), cert.fingerprint());
    assertTrue(cert.fingerprint().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    assertEquals(cert.fingerprint(),
        DtlsFingerprint.normalize("SHA-256 " + cert.fingerprint().substring(8).toLowerCase()));
    assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.normalize("sha-1 AB:CD"));
    assertNotEquals(cert.fingerprint(), DtlsCertificate.generate(RANDOM).fingerprint());
  }

  private void assertSrtpBothWays(SrtpProfile... offered) throws Exception {
    DtlsCertificate serverCert = DtlsCertificate.generate(RANDOM);
    DtlsCertificate clientCert = DtlsCertificate.generate(RANDOM);
    Pair pair = new Pair(serverCert, clientCert.fingerprint(), Duration.ofSeconds(10));
    TestDtlsClient client = new TestDtlsClient(new BcTlsCrypto(RANDOM), clientCert,
        pair.server.localFingerprint(), offered);

    Future<DtlsSrtpKeys> serverKeys = pool.submit(pair.server::handshake);
    new DTLSClientProtocol().connect(client, pair.client);
    DtlsSrtpKeys s = serverKeys.get(10, TimeUnit.SECONDS);
    DtlsSrtpKeys c = client.keys();
    assertEquals(offered[0], s.profile());
    assertEquals(offered[0], c.profile());

    byte[] rtp = rtp();
    assertArrayEquals(rtp, roundTrip(c.outbound(drops), s.inbound(drops), rtp));
    assertArrayEquals(rtp, roundTrip(s.outbound(drops), c.inbound(drops), rtp));
    // Directions use different keys: the server cannot read its own outbound with its inbound.
    byte[] wire = protect(s.outbound(drops), rtp);
    assertThrows(MalformedPacketException.class,
        () -> s.inbound(drops).unprotectRtp(wire, 0, wire.length));
    pair.server.close();
    pair.server.close();
  }

  private static byte[] roundTrip(SrtpContext tx, SrtpContext rx, byte[] rtp) throws Exception {
    byte[] wire = protect(tx, rtp);
    return Arrays.copyOf(wire, rx.unprotectRtp(wire, 0, wire.length));
  }

  private static byte[] protect(SrtpContext tx, byte[] rtp) throws MalformedPacketException {
    byte[] buf = Arrays.copyOf(rtp, rtp.length + SrtpContext.MAX_OVERHEAD);
    return Arrays.copyOf(buf, tx.protectRtp(buf, 0, rtp.length));
  }

  private static byte[] rtp() {
    byte[] p = new byte[160];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[3] = 1;
    p[11] = 42;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  /** Our server and a client transport wired back to back, as the media plane would. */
  private final class Pair {
    final DtlsSrtpServer server;
    final QueuedDatagramTransport client;

    Pair(DtlsCertificate serverCert, String clientFingerprint, Duration timeout) {
      DtlsSrtpServer[] s = new DtlsSrtpServer[1];
      client = new QueuedDatagramTransport(64, (b, o, l) -> s[0].deliver(b, o, l), drops);
      s[0] = new DtlsSrtpServer(serverCert, clientFingerprint, client::deliver, timeout, drops);
      server = s[0];
    }
  }
}
