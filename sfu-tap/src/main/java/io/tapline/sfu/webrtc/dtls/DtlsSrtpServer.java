package io.tapline.sfu.webrtc.dtls;

import io.tapline.pipeline.packet.DropCounters;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS server of one WebRTC transport (we answer {@code a=setup:passive}; the browser is the
 * DTLS client, RFC 5763 section 5). It owns no socket: the media plane demultiplexes DTLS from its
 * shared UDP port (RFC 7983) and calls {@link #deliver} only for datagrams from the address ICE
 * selected for this peer; records we send go to the {@link DatagramSink}.
 *
 * <pre>
 *   DtlsSrtpServer dtls = new DtlsSrtpServer(cert, remoteSdpFingerprint, sink, timeout, drops);
 *   // io thread: dtls.deliver(buf, off, len) for each DTLS datagram of this peer
 *   DtlsSrtpKeys keys = dtls.handshake();   // blocks a worker thread, up to the timeout
 *   SrtpContext in = keys.inbound(drops), out = keys.outbound(drops);
 * </pre>
 *
 * <p>After the handshake the association still needs reading (RFC 6347 section 4.2.4): a client
 * whose last flight we answered but whose copy of our Finished was lost retransmits its flight,
 * and only a read of the {@code DTLSTransport} makes bctls send ours again; a close_notify (RFC
 * 5246 section 7.2.1) ends the association. {@link #serviceAfterHandshake} is that read, called
 * for datagrams that arrive after the handshake.
 *
 * <p>{@link #handshake} runs once, on one thread; {@link #deliver} and {@link #close} may be
 * called from others; {@link #serviceAfterHandshake} serialises itself.
 */
public final class DtlsSrtpServer implements AutoCloseable {
  private static final int QUEUE_CAPACITY = 64;

  private final DtlsCertificate certificate;
  private final String expectedFingerprint;
  private final Duration timeout;
  private final QueuedDatagramTransport transport;
  private final DropCounters drops;
  private final byte[] applicationData = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
  private volatile DTLSTransport dtls;
  private volatile boolean closing;
  private boolean peerClosed; // reported once; under this

  /** What {@link #serviceAfterHandshake} found. */
  public enum Association {
    /** Still up (a retransmitted flight was answered, or nothing was there to read). */
    OPEN,
    /** The peer sent close_notify, or the association failed: the connection is over. */
    CLOSED_BY_PEER,
    /** We closed it ({@link #close}) or the handshake never finished. */
    CLOSED
  }

  /**
   * @param remoteFingerprint the peer's {@code a=fingerprint} value from its SDP
   * @throws IllegalArgumentException if it is not a sha-256 fingerprint
   */
  public DtlsSrtpServer(DtlsCertificate certificate, String remoteFingerprint, DatagramSink sink,
      Duration handshakeTimeout, DropCounters drops) {
    this.certificate = certificate;
    this.expectedFingerprint = DtlsFingerprint.normalize(remoteFingerprint);
    this.timeout = handshakeTimeout;
    this.drops = drops;
    this.transport = new QueuedDatagramTransport(QUEUE_CAPACITY, sink, drops);
  }

  /** Our certificate's fingerprint, for the local SDP. */
  public String localFingerprint() {
    return certificate.fingerprint();
  }

  /** One DTLS datagram from this peer's address (the demux has already checked both). */
  public void deliver(byte[] buf, int off, int len) {
    transport.deliver(buf, off, len);
  }

  /**
   * Runs the handshake to completion and returns the SRTP keys.
   *
   * @throws DtlsHandshakeException with a reason, on a refused or timed-out handshake
   */
  public DtlsSrtpKeys handshake() throws DtlsHandshakeException {
    SrtpTlsServer server = new SrtpTlsServer(new BcTlsCrypto(new SecureRandom()), certificate,
        expectedFingerprint, (int) timeout.toMillis());
    DTLSServerProtocol protocol = new DTLSServerProtocol();
    // ICE connectivity checks have already proven the peer's address: no HelloVerifyRequest.
    protocol.setVerifyRequests(false);
    try {
      dtls = protocol.accept(server, transport);
      return server.keys();
    } catch (TlsTimeoutException e) {
      throw fail("dtls.timeout", "no handshake within " + timeout.toMillis() + " ms", e);
    } catch (TlsFatalAlert e) {
      if (server.refusalReason() != null) {
        throw fail(server.refusalReason(), server.refusal(), e);
      }
      throw fail("dtls.failed", e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw fail("dtls.failed", String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * Reads what arrived after the handshake: bctls answers a retransmitted final client flight
   * with our last flight again, and notices close_notify. Application data is not used by
   * WebRTC media and is counted ({@code dtls.application_data}) and dropped. Call it after
   * {@link #deliver} once {@link #handshake} has returned, off the I/O thread (it may wait a
   * millisecond per datagram).
   */
  public synchronized Association serviceAfterHandshake() {
    DTLSTransport d = dtls;
    if (d == null || closing || peerClosed) {
      return Association.CLOSED;
    }
    try {
      do {
        if (d.receive(applicationData, 0, applicationData.length, 1) >= 0) {
          drops.count("dtls.application_data");
        }
      } while (transport.pending() > 0 && !transport.isClosed());
    } catch (IOException e) {
      if (closing) {
        return Association.CLOSED;
      }
      drops.count(transport.isClosed() ? "dtls.close_notify" : "dtls.failed_after_handshake");
      transport.close();
      peerClosed = true;
      return Association.CLOSED_BY_PEER;
    }
    if (transport.isClosed() && !closing) { // bctls closes the transport on close_notify
      drops.count("dtls.close_notify");
      peerClosed = true;
      return Association.CLOSED_BY_PEER;
    }
    return Association.OPEN;
  }

  /** Sends close_notify if the handshake finished, and stops the transport. Safe twice. */
  @Override
  public void close() {
    closing = true;
    DTLSTransport d = dtls;
    dtls = null;
    if (d != null) {
      try {
        d.close();
      } catch (IOException e) {
        drops.count("dtls.close_failed"); // the peer is gone or the sink is closed: nothing to do
      }
    }
    transport.close();
  }

  private DtlsHandshakeException fail(String reason, String detail, Throwable cause) {
    drops.count(reason);
    transport.close();
    return new DtlsHandshakeException(reason, detail, cause);
  }
}
