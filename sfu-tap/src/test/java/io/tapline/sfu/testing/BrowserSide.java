package io.tapline.sfu.testing;

import io.tapline.sfu.webrtc.dtls.DtlsCertificate;
import io.tapline.sfu.webrtc.dtls.DtlsSrtpKeys;
import io.tapline.sfu.webrtc.dtls.TestDtlsClient;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.ice.StunAttributes;
import io.tapline.sfu.webrtc.ice.StunClass;
import io.tapline.sfu.webrtc.ice.StunMessage;
import io.tapline.sfu.webrtc.ice.StunMessageWriter;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What a browser does on the wire before media flows, for tests and the load generator: the ICE
 * connectivity check of a controlling agent (RFC 8445 section 7.1.1, with USE-CANDIDATE to
 * nominate) and the DTLS-SRTP handshake as the {@code a=setup:active} side (RFC 5764 section 4),
 * over any {@link DatagramTransport} (UDP here; ICE-TCP framing in its test).
 */
public final class BrowserSide {
  /** The remote ufrag the tests' peers are created with ({@code createPeer(label, UFRAG)}). */
  public static final String UFRAG = "brws";
  /** A host candidate's priority over UDP (RFC 8445 section 5.1.2.1, type preference 126). */
  public static final int UDP_PRIORITY = 1853824767;
  /** A host candidate's priority over TCP (type preference 90, RFC 6544 section 4.2). */
  public static final int TCP_PRIORITY = 1518280447;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BrowserSide() {}

  /**
   * A Binding request to the SFU whose credentials are {@code server}, as the controlling side
   * (ICE-CONTROLLING, PRIORITY, MESSAGE-INTEGRITY with the SFU's password, FINGERPRINT).
   */
  public static byte[] bindingRequest(IceCredentials server, String ourUfrag, boolean nominate, int priority) {
    byte[] txid = new byte[12];
    RANDOM.nextBytes(txid);
    StunMessageWriter w = new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING, txid)
        .addString(StunAttributes.USERNAME, server.ufrag() + ":" + ourUfrag)
        .add(StunAttributes.ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(RANDOM.nextLong()).array())
        .add(StunAttributes.PRIORITY, ByteBuffer.allocate(4).putInt(priority).array());
    if (nominate) {
      w.add(StunAttributes.USE_CANDIDATE, new byte[0]);
    }
    return w.integrity(server.key()).fingerprint().toBytes();
  }

  /**
   * The DTLS 1.2 client handshake with our certificate, checking the server's fingerprint and
   * offering {@code offered} in use_srtp; returns the exported SRTP keys (client side).
   */
  public static DtlsSrtpKeys handshake(DatagramTransport io, DtlsCertificate ours, String serverFingerprint,
      SrtpProfile... offered) throws IOException {
    TestDtlsClient client = new TestDtlsClient(new BcTlsCrypto(RANDOM), ours, serverFingerprint, offered);
    new DTLSClientProtocol().connect(client, io);
    return client.keys();
  }

  /**
   * DTLS over a UDP socket to {@code server}: receive waits at most what DTLS asks for; the
   * socket's timeout is restored to {@code restoreTimeoutMillis} after each receive.
   */
  public static DatagramTransport udp(DatagramSocket socket, InetSocketAddress server, int restoreTimeoutMillis) {
    return new DatagramTransport() {
      @Override
      public int getReceiveLimit() {
        return 2048;
      }

      @Override
      public int getSendLimit() {
        return 1200;
      }

      @Override
      public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, waitMillis));
        DatagramPacket p = new DatagramPacket(buf, off, len);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          return -1;
        } finally {
          socket.setSoTimeout(restoreTimeoutMillis);
        }
        return p.getLength();
      }

      @Override
      public void send(byte[] buf, int off, int len) throws IOException {
        socket.send(new DatagramPacket(buf, off, len, server));
      }

      @Override
      public void close() {}
    };
  }
}
