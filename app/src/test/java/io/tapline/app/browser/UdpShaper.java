package io.tapline.app.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A UDP relay on 127.0.0.1 that constrains one direction like a narrow link: a browser sends to
 * {@link #port()} (its ICE candidate is rewritten to point here), each of its source addresses
 * gets its own socket towards the upstream (the SFU's WebRTC port), uplink datagrams pass at
 * once, and downlink datagrams (upstream to browser) go through a pacing queue at
 * {@link #limit(long)} bit/s: each waits for the link to be free, and one that would wait longer
 * than {@code maxQueueDelay} is dropped (a bottleneck router's tail drop). Unlimited until told.
 * {@link #loss(double)} also drops that fraction of downlink SRTP media datagrams at random (RFC
 * 7983 first byte 128-191, not RTCP), so the browser has something to NACK.
 */
public final class UdpShaper implements AutoCloseable {
  private record Queued(long releaseNanos, byte[] data, SocketAddress to) {}

  private final DatagramSocket front;
  private final InetSocketAddress upstream;
  private final long maxQueueDelayNanos;
  private final Map<SocketAddress, DatagramSocket> backs = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private final AtomicLong forwardedDown = new AtomicLong();
  private final AtomicLong droppedDown = new AtomicLong();
  private volatile long limitBps; // 0: unlimited
  private volatile double loss;
  private final AtomicLong lostDown = new AtomicLong();
  private long linkFreeAt; // under this
  private volatile boolean closed;

  public UdpShaper(InetSocketAddress upstream, long maxQueueDelayMillis) throws SocketException {
    this.upstream = upstream;
    this.maxQueueDelayNanos = maxQueueDelayMillis * 1_000_000L;
    this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread("shaper-up", this::readFront);
    thread("shaper-down", this::sendQueued);
  }

  public int port() {
    return front.getLocalPort();
  }

  /**
   * A script for a page, run before it connects, that makes its PeerConnections talk to this
   * shaper instead of {@code upstream}: the port of every host candidate in a remote description
   * is replaced with ours.
   */
  public String routePageThroughScript() {
    return "const orig = RTCPeerConnection.prototype.setRemoteDescription;"
        + "RTCPeerConnection.prototype.setRemoteDescription = function (d) {"
        + "  if (d && d.sdp) d = { type: d.type, sdp: d.sdp.split(' " + upstream.getPort() + " typ ').join(' "
        + port() + " typ ') };"
        + "  return orig.call(this, d); };";
  }

  /** Limits the downlink to {@code bps} bit/s; 0 lifts the limit. */
  public void limit(long bps) {
    limitBps = bps;
  }

  /** Drops this fraction (0-1) of downlink RTP datagrams at random; 0 stops it. */
  public void loss(double fraction) {
    loss = fraction;
  }

  /** Downlink RTP datagrams dropped by {@link #loss(double)}. */
  public long lostDown() {
    return lostDown.get();
  }

  public long forwardedDown() {
    return forwardedDown.get();
  }

  public long droppedDown() {
    return droppedDown.get();
  }

  private void readFront() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        front.receive(p);
        SocketAddress client = p.getSocketAddress();
        DatagramSocket back = backs.computeIfAbsent(client, this::openBack);
        back.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), upstream));
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private DatagramSocket openBack(SocketAddress client) {
    try {
      DatagramSocket back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread("shaper-back", () -> readBack(back, client));
      return back;
    } catch (SocketException e) {
      throw new IllegalStateException(e);
    }
  }

  private void readBack(DatagramSocket back, SocketAddress client) {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        back.receive(p);
      } catch (IOException e) {
        return;
      }
      enqueue(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()), client);
    }
  }

  private synchronized void enqueue(byte[] data, SocketAddress to) {
    if (loss > 0 && isRtp(data) && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < loss) {
      lostDown.incrementAndGet();
      return;
    }
    long now = System.nanoTime();
    long limit = limitBps;
    if (limit <= 0) {
      linkFreeAt = now;
      queue.add(new Queued(now, data, to));
      return;
    }
    long start = Math.max(now, linkFreeAt);
    if (start - now > maxQueueDelayNanos) {
      droppedDown.incrementAndGet();
      return;
    }
    linkFreeAt = start + (long) data.length * 8 * 1_000_000_000L / limit;
    queue.add(new Queued(linkFreeAt, data, to));
  }

  private void sendQueued() {
    while (!closed) {
      Queued q;
      try {
        q = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      long wait = q.releaseNanos() - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      try {
        front.send(new DatagramPacket(q.data(), q.data().length, q.to()));
        forwardedDown.incrementAndGet();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private static boolean isRtp(byte[] d) {
    if (d.length < 2 || (d[0] & 0xff) < 128 || (d[0] & 0xff) > 191) {
      return false;
    }
    int pt = d[1] & 0xff;
    return pt < 192 || pt > 223;
  }

  private static void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    front.close();
    backs.values().forEach(DatagramSocket::close);
  }
}
