package io.tapline.sfu.webrtc.dtls;

import io.tapline.pipeline.packet.DropCounters;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A bctls {@link DatagramTransport} with no socket: the media plane pushes the DTLS datagrams it
 * demultiplexed (RFC 7983: first byte 20..63) with {@link #deliver}, and records go out through a
 * {@link DatagramSink}. {@link #deliver} may be called from any thread; the DTLS side reads on its
 * own. A full queue drops the datagram ({@code dtls.queue_full}): DTLS retransmits.
 */
public final class QueuedDatagramTransport implements DatagramTransport {
  /** Conservative for IPv6 + TURN; bctls fragments handshake messages to fit. */
  static final int SEND_LIMIT = 1200;
  static final int RECEIVE_LIMIT = 2048;
  private static final byte[] CLOSED = new byte[0];

  private final BlockingQueue<byte[]> inbound;
  private final DatagramSink sink;
  private final DropCounters drops;
  private volatile boolean closed;

  public QueuedDatagramTransport(int capacity, DatagramSink sink, DropCounters drops) {
    this.inbound = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.drops = drops;
  }

  /** Hands one DTLS datagram from the demux to this endpoint (copied). */
  public void deliver(byte[] buf, int off, int len) {
    if (closed) {
      drops.count("dtls.closed");
      return;
    }
    if (len > RECEIVE_LIMIT) {
      drops.count("dtls.oversize");
      return;
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    if (!inbound.offer(copy)) {
      drops.count("dtls.queue_full");
    }
  }

  /** Datagrams waiting to be read. */
  public int pending() {
    return inbound.size();
  }

  /** True once {@link #close} ran (by us, or by bctls on close_notify). */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return SEND_LIMIT;
  }

  /** Returns -1 when nothing arrived within {@code waitMillis}, as bctls expects. */
  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    byte[] d;
    try {
      d = inbound.poll(Math.max(waitMillis, 0), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for DTLS");
    }
    if (d == null) {
      return -1;
    }
    if (d == CLOSED || closed) {
      throw new IOException("DTLS transport closed");
    }
    int n = Math.min(len, d.length);
    System.arraycopy(d, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    sink.send(buf, off, len);
  }

  /** Wakes a waiting receive; later deliveries are dropped. Safe to call twice. */
  @Override
  public void close() {
    closed = true;
    inbound.clear();
    inbound.offer(CLOSED);
  }
}
