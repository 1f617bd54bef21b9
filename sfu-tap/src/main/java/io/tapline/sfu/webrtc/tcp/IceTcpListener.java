package io.tapline.sfu.webrtc.tcp;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.webrtc.ice.RemoteAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive side of ICE-TCP (RFC 6544): a listening socket on the WebRTC transport's
 * {@link IoLoop}, and one {@link TcpConnection} per accepted peer, all non-blocking on that loop
 * (no thread per connection). Each connection's RFC 4571 frames go to {@link Frames} exactly as
 * UDP datagrams do, with a {@link RemoteAddress} of transport TCP; packets to a peer are framed
 * and queued on its connection.
 *
 * <p>Refusals are counted in the transport's drop counters: {@code tcp.refused} (more than
 * {@link IceTcpConfig#maxConnections()}), {@code tcp.idle} (no authenticated check within
 * {@link IceTcpConfig#idleTimeout()}), the reader's {@code tcp.*} framing reasons (that connection
 * only is closed), {@code tcp.send_queue_full}, {@code tcp.write_failed}, {@code tcp.closed} (a
 * packet for a connection that is gone).
 */
public final class IceTcpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IceTcpListener.class);
  private static final long IDLE_CHECK_NANOS = 250_000_000L;

  /** Where frames go; called on the loop thread. */
  public interface Frames {
    /**
     * One frame from {@code source}; the array is reused after the call. Returns true when it was
     * an authenticated STUN Binding request (the connection is then no longer idle).
     */
    boolean onFrame(byte[] buf, int len, RemoteAddress source, long nowNanos);

    /** Whether a peer may connect from this address at all (peer networks). */
    boolean allows(InetAddress source);

    /** The connection to {@code source} closed, for whatever reason. */
    void onClosed(RemoteAddress source);
  }

  private final IceTcpConfig config;
  private final IoLoop loop;
  private final DropCounters drops;
  private final Frames frames;
  private final ServerSocketChannel server;
  private final Map<InetSocketAddress, TcpConnection> connections = new ConcurrentHashMap<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024); // loop thread only
  private final LongConsumer ticker = this::closeIdle;
  private long nextIdleCheck;
  private volatile boolean closed;

  public IceTcpListener(IceTcpConfig config, InetAddress bindAddress, IoLoop loop, DropCounters drops,
      Frames frames) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("ICE-TCP is off (port -1)");
    }
    this.config = config;
    this.loop = loop;
    this.drops = drops;
    this.frames = frames;
    try {
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(bindAddress, config.port()), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the ICE-TCP port " + bindAddress.getHostAddress() + ":"
          + config.port(), e);
    }
    loop.register(server, SelectionKey.OP_ACCEPT, (key, now) -> accept(now));
    loop.addTicker(ticker);
  }

  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connections open now. */
  public int connections() {
    return connections.size();
  }

  /**
   * Frames {@code packet} and queues it on the connection to {@code remote}; thread-safe, never
   * blocks. False when it was dropped (counted).
   */
  public boolean send(InetSocketAddress remote, ByteBuffer packet) {
    TcpConnection c = connections.get(remote);
    if (c == null) {
      drops.count("tcp.closed");
      return false;
    }
    int n = packet.remaining();
    ByteBuffer frame = FramedStreamWriter.frame(packet.array(), packet.arrayOffset() + packet.position(), n);
    packet.position(packet.position() + n);
    return c.enqueue(frame);
  }

  private void accept(long nowNanos) {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        log.warn("ICE-TCP accept failed", e);
        return;
      }
      if (ch == null) {
        return;
      }
      InetSocketAddress remote;
      try {
        remote = (InetSocketAddress) ch.getRemoteAddress();
      } catch (IOException e) {
        quietClose(ch);
        continue;
      }
      if (connections.size() >= config.maxConnections()) {
        drops.count("tcp.refused");
        log.debug("ICE-TCP connection from {} refused: {} open", remote, connections.size());
        quietClose(ch);
        continue;
      }
      if (!frames.allows(remote.getAddress())) {
        drops.count("webrtc.peer_network");
        quietClose(ch);
        continue;
      }
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      } catch (IOException e) {
        log.debug("TCP_NODELAY on {}", remote, e);
      }
      TcpConnection c = new TcpConnection(this, ch, RemoteAddress.tcp(remote), nowNanos);
      connections.put(remote, c);
      c.registered(loop.register(ch, SelectionKey.OP_READ, c));
      log.debug("ICE-TCP connection from {}", remote);
    }
  }

  private void closeIdle(long nowNanos) {
    if (nowNanos - nextIdleCheck < 0) {
      return;
    }
    nextIdleCheck = nowNanos + IDLE_CHECK_NANOS;
    long limit = config.idleTimeout().toNanos();
    for (TcpConnection c : connections.values()) {
      if (!c.authenticated() && nowNanos - c.acceptedNanos() > limit) {
        c.close("tcp.idle");
      }
    }
  }

  IoLoop loop() {
    return loop;
  }

  DropCounters drops() {
    return drops;
  }

  Frames frames() {
    return frames;
  }

  IceTcpConfig config() {
    return config;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  void closed(TcpConnection c) {
    if (connections.remove(c.remote().address(), c)) {
      frames.onClosed(c.remote());
    }
  }

  static void quietClose(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("closing a TCP connection", e);
    }
  }

  /** Closes the listener and every connection. Safe twice; call from any thread, also after the loop stopped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.removeTicker(ticker);
    // not through the loop: it may already have stopped; closing a channel is thread-safe and
    // deregisters it from the selector
    try {
      server.close();
    } catch (IOException e) {
      log.debug("closing the ICE-TCP listener", e);
    }
    for (TcpConnection c : List.copyOf(connections.values())) {
      c.close(null);
    }
  }
}
