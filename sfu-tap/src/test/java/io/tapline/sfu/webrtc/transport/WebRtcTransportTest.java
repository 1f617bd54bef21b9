package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.BrowserSide;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import io.tapline.sfu.webrtc.dtls.DtlsCertificate;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpKeys;
import io.tapline.sfu.webrtc.ice.StunAttributes;
import io.tapline.sfu.webrtc.ice.StunClass;
import io.tapline.sfu.webrtc.ice.StunMessage;
import io.tapline.sfu.webrtc.ice.StunMessageWriter;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Java peer that behaves like a browser on the wire (ICE connectivity check with USE-CANDIDATE,
 * DTLS-SRTP client, SRTP) against the shared WebRTC port, over loopback, through the real
 * {@link UdpMediaPlane}: what it publishes reaches a plain-RTP subscriber decrypted, what a
 * plain-RTP publisher sends reaches it SRTP-protected with the SSRC its SDP was told, its PLI
 * reaches the plain publisher, and garbage is counted by reason.
 */
class WebRtcTransportTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CONV = "c1";
  private UdpMediaPlane plane;
  private WebRtcTransport transport;
  private DatagramSocket browser;

  @BeforeEach
  void start() throws IOException {
    plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(2), TapConfig.defaults(),
        new SimpleMeterRegistry());
    transport = new WebRtcTransport(WebRtcConfig.defaults(), plane.connectionLoop(), new SimpleMeterRegistry());
    browser = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    browser.setSoTimeout(5000);
  }

  @AfterEach
  void stop() {
    browser.close();
    transport.close();
    plane.close();
  }

  @Test
  void publishesAndSubscribesOverTheSharedPort() throws Exception {
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("alice", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());

    // ICE: an authenticated check with USE-CANDIDATE nominates our address.
    StunMessage response = StunMessage.parse(exchange(bindingRequest(peer, true)));
    assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
    assertTrue(response.verifyIntegrity(peer.localCredentials().key()));

    DtlsSrtpKeys keys = handshake(browserCert);
    SrtpContext browserOut = keys.outbound(new DropCounters());
    SrtpContext browserIn = keys.inbound(new DropCounters());
    Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected");

    // Publish over the connection, subscribe over plain RTP: bob gets the decrypted packets.
    plane.publish(Specs.withSsrc(Specs.audio(CONV, "alice", "alice-mic"), 0x1234), peer);
    try (UdpPeer bob = new UdpPeer()) {
      plane.subscribe(CONV, "bob", "alice-mic", new SubscribeOptions(bob.address(), null, false));
      byte[] payload = "opus-frame".getBytes();
      for (int i = 0; i < 5; i++) {
        byte[] rtp = new RtpBuilder().pt(111).seq(100 + i).ts(960L * i).ssrc(0x1234).payload(payload).build();
        byte[] srtp = new byte[rtp.length + SrtpContext.MAX_OVERHEAD];
        int n = browserOut.protectRtp(rtp, 0, rtp.length, srtp, 0);
        send(Arrays.copyOf(srtp, n));
      }
      var got = bob.receive(5, 5000);
      assertEquals(5, got.size());
      RtpPacket p = RtpPacket.parse(got.get(0).data(), 0, got.get(0).data().length);
      assertEquals(111, p.payloadType());
      assertArrayEquals(payload, Arrays.copyOfRange(got.get(0).data(), p.payloadOffset(),
          p.payloadOffset() + p.payloadLength()));
    }

    // A plain publisher's video reaches the connection SRTP-protected under the announced SSRC.
    try (UdpPeer carol = new UdpPeer()) {
      PublishEndpoint carolCam = plane.publish(Specs.video(CONV, "carol", "carol-cam"));
      plane.subscribe(CONV, "alice", "carol-cam", SubscribeOptions.over(peer, 777));
      long plisBefore = plane.keyframeRequestsSent(CONV, "carol-cam");
      byte[] vp8 = new RtpBuilder().pt(96).seq(1).ts(3000).ssrc(0xcafe).vp8(true, true, 300).build();
      carol.send(vp8, carolCam.rtp());
      byte[] received = receiveMedia();
      int n = browserIn.unprotectRtp(received, 0, received.length);
      RtpPacket p = RtpPacket.parse(received, 0, n);
      assertEquals(777, p.ssrc());
      assertEquals(96, p.payloadType());

      // The browser's PLI for SSRC 777 becomes a PLI to carol (rate-limited, so wait past the first).
      Thread.sleep(400);
      byte[] pli = new byte[12 + SrtpContext.MAX_OVERHEAD + 4];
      int len = new PictureLossIndication(0x5555, 777).writeTo(pli, 0);
      int m = browserOut.protectRtcp(pli, 0, len, pli, 0);
      send(Arrays.copyOf(pli, m));
      Await.until(() -> plane.keyframeRequestsSent(CONV, "carol-cam") > plisBefore, "PLI relayed to the publisher");
    }

    // Garbage from an unknown address is counted, not routed.
    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] junk = new RtpBuilder().pt(96).seq(1).ts(1).ssrc(1).build();
      stranger.send(new DatagramPacket(junk, junk.length, transport.localAddress()));
      Await.until(() -> transport.drops().getOrDefault("ice.unknown-source", 0L) > 0, "unknown source counted");
    }
    peer.close();
    assertEquals(WebRtcPeer.State.CLOSED, peer.state());
    assertEquals(0, transport.connections());
  }

  @Test
  void aNackIsAnsweredWithRtxUnderTheSubscribersSrtpContext() throws Exception {
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("gina", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());
    exchange(bindingRequest(peer, true));
    DtlsSrtpKeys keys = handshake(browserCert); // AEAD-GCM: the same SSRC and seq cannot be protected twice
    SrtpContext browserOut = keys.outbound(new DropCounters());
    SrtpContext browserIn = keys.inbound(new DropCounters());
    Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected");
    try (UdpPeer carol = new UdpPeer()) {
      PublishEndpoint cam = plane.publish(Specs.video(CONV, "carol", "carol-cam"));
      plane.subscribe(CONV, "gina", "carol-cam", SubscribeOptions.over(peer, 777, new SubscribeOptions.Rtx(778, 63)));
      List<byte[]> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        byte[] vp8 = new RtpBuilder().pt(96).seq(10 + i).ts(3000).ssrc(0xcafe).marker(i == 4).vp8(i == 0, i == 0, 300)
            .build();
        vp8[vp8.length - 1] = (byte) i;
        carol.send(vp8, cam.rtp());
        byte[] received = receiveMedia();
        int n = browserIn.unprotectRtp(received, 0, received.length);
        sent.add(Arrays.copyOf(received, n));
      }
      RtpPacket lost = RtpPacket.parse(sent.get(2));
      assertEquals(777, lost.ssrc());

      // the browser lost the third packet: a generic NACK for it (RFC 4585 section 6.2.1)
      byte[] nack = new byte[64];
      int len = new io.tapline.pipeline.rtcp.GenericNack(0x5555, 777, List.of(lost.sequenceNumber())).writeTo(nack, 0);
      int m = browserOut.protectRtcp(nack, 0, len, nack, 0);
      send(Arrays.copyOf(nack, m));

      byte[] received = receiveMedia();
      int n = browserIn.unprotectRtp(received, 0, received.length);
      RtpPacket rtx = RtpPacket.parse(received, 0, n);
      assertEquals(778, rtx.ssrc());
      assertEquals(63, rtx.payloadType());
      assertEquals(lost.timestamp(), rtx.timestamp());
      int at = rtx.payloadOffset();
      assertEquals(lost.sequenceNumber(), ((received[at] & 0xff) << 8) | (received[at + 1] & 0xff), "OSN");
      assertArrayEquals(Arrays.copyOfRange(lost.buffer(), lost.payloadOffset(), lost.payloadOffset() + lost.payloadLength()),
          Arrays.copyOfRange(received, at + 2, at + rtx.payloadLength()));
    }
  }

  @Test
  void iceRestartReauthenticatesAndKeepsDtlsSrtpAndTracks() throws Exception {
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("dave", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());
    var oldCredentials = peer.localCredentials();
    byte[] oldCheck = bindingRequest(peer, true);
    assertEquals(StunClass.SUCCESS_RESPONSE, StunMessage.parse(exchange(oldCheck)).messageClass());
    SrtpContext browserOut = handshake(browserCert).outbound(new DropCounters());
    Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected");
    plane.publish(Specs.withSsrc(Specs.audio(CONV, "dave", "dave-mic"), 0x4321), peer);
    try (UdpPeer bob = new UdpPeer()) {
      plane.subscribe(CONV, "bob", "dave-mic", new SubscribeOptions(bob.address(), null, false));
      sendAudio(browserOut, 0x4321, 1, 3);
      assertEquals(3, bob.receive(3, 5000).size());

      var fresh = peer.restartIce("brws2", io.tapline.sfu.webrtc.ice.IceCredentials.random());
      assertTrue(!fresh.ufrag().equals(oldCredentials.ufrag()) && !fresh.pwd().equals(oldCredentials.pwd()));
      // The old credentials are refused at once (a new transaction id, same ufrag and key)...
      StunMessage refused = StunMessage.parse(exchange(bindingRequest(oldCredentials, "brws", true)));
      assertEquals(StunClass.ERROR_RESPONSE, refused.messageClass());
      // ...but media keeps flowing on the old pair until the new one is nominated,
      sendAudio(browserOut, 0x4321, 4, 3);
      assertEquals(3, bob.receive(3, 5000).size());
      // and checks with the new ones (and the peer's new ufrag) are answered and nominate.
      StunMessage ok = StunMessage.parse(exchange(bindingRequest(fresh, "brws2", true)));
      assertEquals(StunClass.SUCCESS_RESPONSE, ok.messageClass());
      assertTrue(ok.verifyIntegrity(fresh.key()));
      sendAudio(browserOut, 0x4321, 7, 3);
      assertEquals(3, bob.receive(3, 5000).size());
      assertEquals(WebRtcPeer.State.CONNECTED, peer.state());
    }
    peer.close();
    assertEquals(0, transport.connections());
  }

  @Test
  void aTrackWithoutSsrcIsFoundByItsMidExtensionAndItsSsrcLearned() throws Exception {
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("fred", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());
    exchange(bindingRequest(peer, true));
    SrtpContext browserOut = handshake(browserCert).outbound(new DropCounters());
    Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected");
    peer.expectByMid("fred-mic", "0", 4); // the offer's section 0 had no a=ssrc, mid extension id 4
    plane.publish(Specs.audio(CONV, "fred", "fred-mic"), peer);
    try (UdpPeer bob = new UdpPeer()) {
      plane.subscribe(CONV, "bob", "fred-mic", new SubscribeOptions(bob.address(), null, false));
      for (int i = 0; i < 4; i++) { // the first names the mid, the others only carry the SSRC
        io.tapline.pipeline.rtp.RtpPacketWriter w = new io.tapline.pipeline.rtp.RtpPacketWriter().payloadType(111)
            .sequenceNumber(10 + i).timestamp(960L * i).ssrc(0x7777).payload("opus".getBytes());
        if (i == 0) {
          w.addExtension(io.tapline.pipeline.rtp.ext.SdesExtension.toExtension(4, "0"));
        }
        byte[] rtp = w.toBytes();
        byte[] srtp = new byte[rtp.length + SrtpContext.MAX_OVERHEAD];
        send(Arrays.copyOf(srtp, browserOut.protectRtp(rtp, 0, rtp.length, srtp, 0)));
      }
      assertEquals(4, bob.receive(4, 5000).size());
    }
    peer.close();
  }

  @Test
  void aChangedFingerprintOnARenegotiationIsRefused() {
    WebRtcPeer peer = transport.createPeer("erin", "brws");
    DtlsCertificate cert = DtlsCertificate.generate(RANDOM);
    peer.setRemoteFingerprint(cert.fingerprint());
    peer.setRemoteFingerprint(cert.fingerprint().toLowerCase(java.util.Locale.ROOT).replace("sha-256", "SHA-256"));
    assertThrows(IllegalArgumentException.class,
        () -> peer.setRemoteFingerprint(DtlsCertificate.generate(RANDOM).fingerprint()));
  }

  private void sendAudio(SrtpContext out, long ssrc, int firstSeq, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      byte[] rtp = new RtpBuilder().pt(111).seq(firstSeq + i).ts(960L * (firstSeq + i)).ssrc(ssrc)
          .payload("opus".getBytes()).build();
      byte[] srtp = new byte[rtp.length + SrtpContext.MAX_OVERHEAD];
      send(Arrays.copyOf(srtp, out.protectRtp(rtp, 0, rtp.length, srtp, 0)));
    }
  }

  @Test
  void refusesChecksWithTheWrongPasswordAndMediaBeforeNomination() throws Exception {
    WebRtcPeer peer = transport.createPeer("bob", "brws");
    byte[] forged = new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING, txid())
        .addString(StunAttributes.USERNAME, peer.localCredentials().ufrag() + ":brws")
        .add(StunAttributes.PRIORITY, new byte[] {0x6e, 0, 0x1e, (byte) 0xff})
        .integrity("not-the-password-0123456789".getBytes())
        .fingerprint().toBytes();
    StunMessage reply = StunMessage.parse(exchange(forged));
    assertEquals(StunClass.ERROR_RESPONSE, reply.messageClass());
    assertTrue(transport.drops().getOrDefault("ice.integrity", 0L) > 0);
    // A check without USE-CANDIDATE does not select the address: DTLS from it is dropped.
    exchange(bindingRequest(peer, false));
    send(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    Await.until(() -> transport.drops().getOrDefault("ice.unknown-source", 0L) > 0, "DTLS before nomination dropped");
  }

  @Test
  void checksFromOutsideThePeerNetworksGetNoAnswer() throws Exception {
    WebRtcConfig d = WebRtcConfig.defaults();
    try (WebRtcTransport only127001 = new WebRtcTransport(new WebRtcConfig(d.bindAddress(), 0, null,
            d.consentTimeout(), d.handshakeTimeout(), List.of(), PeerNetworks.parse(List.of("127.0.0.1/32"))),
            plane.connectionLoop(), new SimpleMeterRegistry());
        DatagramSocket other = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      WebRtcPeer peer = only127001.createPeer("carol", "brws");
      byte[] check = bindingRequest(peer, true);
      other.setSoTimeout(1000);
      other.send(new DatagramPacket(check, check.length, only127001.localAddress()));
      assertThrows(SocketTimeoutException.class, () -> other.receive(new DatagramPacket(new byte[1500], 1500)));
      assertEquals(1L, only127001.drops().get("webrtc.peer_network"));
      // The same check from an allowed address is answered.
      browser.send(new DatagramPacket(check, check.length, only127001.localAddress()));
      DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
      browser.receive(answer);
      assertEquals(StunClass.SUCCESS_RESPONSE,
          StunMessage.parse(Arrays.copyOf(answer.getData(), answer.getLength())).messageClass());
    }
  }

  private byte[] bindingRequest(WebRtcPeer peer, boolean nominate) {
    return bindingRequest(peer.localCredentials(), "brws", nominate);
  }

  private byte[] bindingRequest(io.tapline.sfu.webrtc.ice.IceCredentials local, String remoteUfrag,
      boolean nominate) {
    return BrowserSide.bindingRequest(local, remoteUfrag, nominate, BrowserSide.UDP_PRIORITY);
  }

  private DtlsSrtpKeys handshake(DtlsCertificate cert) throws IOException {
    return BrowserSide.handshake(BrowserSide.udp(browser, transport.localAddress(), 5000), cert,
        transport.certificate().fingerprint(), SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  /** The next RTP packet (first byte 128-191, not RTCP) sent to the browser. */
  private byte[] receiveMedia() throws IOException {
    while (true) {
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      browser.receive(p);
      int pt = buf[1] & 0xff;
      if ((buf[0] & 0xc0) == 0x80 && (pt < 192 || pt > 223)) {
        return Arrays.copyOf(buf, p.getLength());
      }
    }
  }

  private byte[] exchange(byte[] request) throws IOException {
    send(request);
    byte[] buf = new byte[1500];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    browser.receive(p);
    return Arrays.copyOf(buf, p.getLength());
  }

  private void send(byte[] data) throws IOException {
    InetSocketAddress to = transport.localAddress();
    browser.send(new DatagramPacket(data, data.length, to));
  }

  private static byte[] txid() {
    byte[] t = new byte[12];
    RANDOM.nextBytes(t);
    return t;
  }
}
