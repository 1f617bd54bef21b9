package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.packet.DropCounters;
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
import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.StunAttributes;
import io.tapline.sfu.webrtc.ice.StunClass;
import io.tapline.sfu.webrtc.ice.StunMessage;
import io.tapline.sfu.webrtc.ice.XorMappedAddress;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import io.tapline.sfu.webrtc.tcp.IceTcpConfig;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.tls.DatagramTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE-TCP (RFC 6544) against a real listener on loopback: a Java peer over a plain TCP socket with
 * RFC 4571 framing passes an authenticated check with USE-CANDIDATE, does the DTLS-SRTP handshake,
 * publishes and receives SRTP over that connection through the real {@link UdpMediaPlane}; closing
 * it fails consent. Bad framing, idle connections and connections over the limit are closed and
 * counted, others are not disturbed.
 */
class IceTcpTransportTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CONV = "c1";
  private UdpMediaPlane plane;
  private WebRtcTransport transport;

  @BeforeEach
  void start() {
    plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(2), TapConfig.defaults(),
        new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
    plane.close();
  }

  private void open(IceTcpConfig tcp) {
    transport = new WebRtcTransport(WebRtcConfig.defaults().withIceTcp(tcp), plane.connectionLoop(),
        new SimpleMeterRegistry());
  }

  @Test
  void advertisesAPassiveTcpCandidateBelowTheUdpOne() {
    open(IceTcpConfig.on(0));
    List<IceCandidate> c = transport.candidates();
    assertEquals(2, c.size());
    assertEquals("udp", c.get(0).transport());
    assertEquals("tcp", c.get(1).transport());
    assertEquals("passive", c.get(1).tcpType());
    assertEquals(transport.tcpAddress().orElseThrow().getPort(), c.get(1).port());
    assertTrue(c.get(1).priority() < c.get(0).priority(), "UDP is preferred");
    assertTrue(c.get(1).toAttributeValue().endsWith(" typ host tcptype passive"), c.get(1).toAttributeValue());
  }

  @Test
  void noTcpCandidateWhenOff() {
    open(IceTcpConfig.off());
    assertEquals(List.of("udp"), transport.candidates().stream().map(IceCandidate::transport).toList());
    assertTrue(transport.tcpAddress().isEmpty());
  }

  @Test
  void checksDtlsAndSrtpBothWaysOverOneTcpConnection() throws Exception {
    open(IceTcpConfig.on(0));
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("alice", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());
    try (Socket browser = connect()) {
      Framed io = new Framed(browser);
      io.write(bindingRequest(peer, true));
      StunMessage response = StunMessage.parse(io.read());
      assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
      assertTrue(response.verifyIntegrity(peer.localCredentials().key()));
      assertEquals(browser.getLocalSocketAddress(), XorMappedAddress.decode(
          response.attribute(StunAttributes.XOR_MAPPED_ADDRESS).orElseThrow().value(), response.transactionId()));

      DtlsSrtpKeys keys = handshake(browserCert, io);
      SrtpContext browserOut = keys.outbound(new DropCounters());
      SrtpContext browserIn = keys.inbound(new DropCounters());
      Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected over TCP");

      // published over TCP, received decrypted by a plain-RTP subscriber
      plane.publish(Specs.withSsrc(Specs.audio(CONV, "alice", "alice-mic"), 0x1234), peer);
      try (UdpPeer bob = new UdpPeer()) {
        plane.subscribe(CONV, "bob", "alice-mic", new SubscribeOptions(bob.address(), null, false));
        byte[] payload = "opus-frame".getBytes();
        for (int i = 0; i < 5; i++) {
          byte[] rtp = new RtpBuilder().pt(111).seq(100 + i).ts(960L * i).ssrc(0x1234).payload(payload).build();
          byte[] srtp = new byte[rtp.length + SrtpContext.MAX_OVERHEAD];
          int n = browserOut.protectRtp(rtp, 0, rtp.length, srtp, 0);
          io.write(Arrays.copyOf(srtp, n));
        }
        var got = bob.receive(5, 10_000);
        assertEquals(5, got.size());
        RtpPacket p = RtpPacket.parse(got.get(0).data(), 0, got.get(0).data().length);
        assertArrayEquals(payload, Arrays.copyOfRange(got.get(0).data(), p.payloadOffset(),
            p.payloadOffset() + p.payloadLength()));
      }

      // a plain publisher's video reaches the peer framed on its TCP connection, SRTP-protected
      try (UdpPeer carol = new UdpPeer()) {
        PublishEndpoint cam = plane.publish(Specs.video(CONV, "carol", "carol-cam"));
        plane.subscribe(CONV, "alice", "carol-cam", SubscribeOptions.over(peer, 777));
        carol.send(new RtpBuilder().pt(96).seq(1).ts(3000).ssrc(0xcafe).vp8(true, true, 300).build(), cam.rtp());
        byte[] media = io.readMedia();
        int n = browserIn.unprotectRtp(media, 0, media.length);
        RtpPacket p = RtpPacket.parse(media, 0, n);
        assertEquals(777, p.ssrc());
        assertEquals(96, p.payloadType());
      }
    }
    // the selected pair's connection closed: consent fails as on expiry, without the 30 s wait
    Await.until(() -> peer.state() == WebRtcPeer.State.FAILED, "consent failed with the connection");
  }

  @Test
  void aPeerThatStopsReadingFillsItsBoundedQueueAndTheLoopGoesOn() throws Exception {
    open(new IceTcpConfig(0, 16, Duration.ofSeconds(10), 8));
    DtlsCertificate browserCert = DtlsCertificate.generate(RANDOM);
    WebRtcPeer peer = transport.createPeer("alice", "brws");
    peer.setRemoteFingerprint(browserCert.fingerprint());
    Socket browser = new Socket();
    browser.setReceiveBufferSize(4096); // before connect, so the window stays small
    browser.connect(transport.tcpAddress().orElseThrow(), 5000);
    browser.setSoTimeout(10_000);
    try (browser) {
      Framed io = new Framed(browser);
      io.write(bindingRequest(peer, true));
      assertEquals(StunClass.SUCCESS_RESPONSE, StunMessage.parse(io.read()).messageClass());
      handshake(browserCert, io);
      Await.until(() -> peer.state() == WebRtcPeer.State.CONNECTED, "connected over TCP");

      // the browser reads nothing more: kernel buffers fill, then the 8-frame queue, then drops
      byte[] rtp = new RtpBuilder().pt(96).seq(1).ts(3000).ssrc(777).payload(new byte[1000]).build();
      for (int i = 0; i < 200_000 && transport.drops().getOrDefault("tcp.send_queue_full", 0L) == 0; i++) {
        rtp[2] = (byte) (i >> 8);
        rtp[3] = (byte) i;
        peer.sink().sendRtp(rtp, rtp.length);
      }
      assertTrue(transport.drops().getOrDefault("tcp.send_queue_full", 0L) > 0, "queue full counted: "
          + transport.drops());

      // the loop is not blocked by the stalled connection: another peer's check is answered
      WebRtcPeer bob = transport.createPeer("bob", "brws");
      try (Socket other = connect()) {
        Framed io2 = new Framed(other);
        io2.write(bindingRequest(bob, false));
        assertEquals(StunClass.SUCCESS_RESPONSE, StunMessage.parse(io2.read()).messageClass());
      }
    }
  }

  @Test
  void badFramingClosesOnlyThatConnection() throws Exception {
    open(IceTcpConfig.on(0));
    WebRtcPeer peer = transport.createPeer("alice", "brws");
    try (Socket bad = connect(); Socket good = connect()) {
      bad.getOutputStream().write(new byte[] {0, 0}); // LENGTH 0 (RFC 4571 frames carry 1+ bytes)
      bad.getOutputStream().flush();
      assertEquals(-1, bad.getInputStream().read(), "closed by the server");
      assertEquals(1L, transport.drops().get("tcp.empty_frame"));
      Framed io = new Framed(good);
      io.write(bindingRequest(peer, false));
      assertEquals(StunClass.SUCCESS_RESPONSE, StunMessage.parse(io.read()).messageClass());
    }
  }

  @Test
  void closesConnectionsThatPassNoCheckAndRefusesOverTheLimit() throws Exception {
    open(new IceTcpConfig(0, 1, Duration.ofSeconds(3), 16));
    try (Socket idle = connect()) {
      Await.until(() -> openConnections() == 1, "accepted");
      try (Socket extra = connect()) {
        assertEquals(-1, extra.getInputStream().read(), "over the limit: closed at once");
        assertEquals(1L, transport.drops().get("tcp.refused"));
      }
      assertEquals(-1, idle.getInputStream().read(), "idle: closed after the timeout");
      assertEquals(1L, transport.drops().get("tcp.idle"));
    }
  }

  private int openConnections() {
    return transport.tcpConnections();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(transport.tcpAddress().orElseThrow(), 5000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return s;
  }

  private byte[] bindingRequest(WebRtcPeer peer, boolean nominate) {
    return BrowserSide.bindingRequest(peer.localCredentials(), BrowserSide.UFRAG, nominate, BrowserSide.TCP_PRIORITY);
  }

  private DtlsSrtpKeys handshake(DtlsCertificate cert, Framed io) throws IOException {
    return BrowserSide.handshake(new DatagramTransport() {
      @Override
      public int getReceiveLimit() {
        return 8192;
      }

      @Override
      public int getSendLimit() {
        return 1200;
      }

      @Override
      public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        io.socket.setSoTimeout(Math.max(1, waitMillis));
        try {
          byte[] frame = io.read();
          System.arraycopy(frame, 0, buf, off, Math.min(len, frame.length));
          return Math.min(len, frame.length);
        } catch (SocketTimeoutException e) {
          return -1;
        } finally {
          io.socket.setSoTimeout(10_000);
        }
      }

      @Override
      public void send(byte[] buf, int off, int len) throws IOException {
        io.write(Arrays.copyOfRange(buf, off, off + len));
      }

      @Override
      public void close() {}
    }, cert, transport.certificate().fingerprint(), SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  /** RFC 4571 framing on a blocking socket, as the browser side. */
  private static final class Framed {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    Framed(Socket socket) throws IOException {
      this.socket = socket;
      InputStream raw = socket.getInputStream();
      this.in = new DataInputStream(raw);
      this.out = socket.getOutputStream();
    }

    void write(byte[] packet) throws IOException {
      byte[] frame = new byte[2 + packet.length];
      frame[0] = (byte) (packet.length >> 8);
      frame[1] = (byte) packet.length;
      System.arraycopy(packet, 0, frame, 2, packet.length);
      out.write(frame);
      out.flush();
    }

    /** The next frame; a timeout mid-frame would lose sync, so only the LENGTH wait times out. */
    byte[] read() throws IOException {
      int length = in.readUnsignedShort();
      byte[] frame = new byte[length];
      in.readFully(frame);
      return frame;
    }

    /** The next RTP packet (not RTCP, not STUN/DTLS). */
    byte[] readMedia() throws IOException {
      while (true) {
        byte[] f = read();
        int pt = f[1] & 0xff;
        if ((f[0] & 0xc0) == 0x80 && (pt < 192 || pt > 223)) {
          return f;
        }
      }
    }
  }
}
