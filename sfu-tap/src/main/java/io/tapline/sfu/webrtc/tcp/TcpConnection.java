package io.tapline.sfu.webrtc.tcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.transport.ChannelHandler;
import io.tapline.sfu.webrtc.ice.RemoteAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted ICE-TCP connection on the listener's loop: reads cut into RFC 4571 frames by a
 * {@link FramedStreamReader} (bad framing closes this connection only, counted under the reader's
 * reason), and a bounded queue of frames to write, filled from any thread and drained on the loop
 * as the socket accepts bytes ({@code OP_WRITE} while something is pending).
 */
final class TcpConnection implements ChannelHandler {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
  /** Reads per readiness before looking at the other channels of the loop. */
  private static final int READ_BUDGET = 16;
  /** Media needs about 1500; DTLS flights are fragmented to the path MTU. */
  private static final int MAX_FRAME = 8192;

  private final IceTcpListener listener;
  private final SocketChannel channel;
  private final RemoteAddress remote;
  private final long acceptedNanos;
  private final FramedStreamReader reader = new FramedStreamReader(MAX_FRAME);
  private final Queue<ByteBuffer> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Runnable flushTask = this::flushFromTask;
  private final FramedStreamReader.FrameHandler onFrame;
  private volatile boolean authenticated;
  private volatile boolean closed;
  private long frameNanos;
  private SelectionKey key; // loop thread

  /** Its key on the loop, once registered (loop thread). */
  void registered(SelectionKey key) {
    this.key = key;
    if (key == null) {
      close(null);
    }
  }

  TcpConnection(IceTcpListener listener, SocketChannel channel, RemoteAddress remote, long acceptedNanos) {
    this.listener = listener;
    this.channel = channel;
    this.remote = remote;
    this.acceptedNanos = acceptedNanos;
    this.onFrame = (buf, len) -> {
      if (listener.frames().onFrame(buf, len, remote, frameNanos)) {
        authenticated = true;
      }
    };
  }

  RemoteAddress remote() {
    return remote;
  }

  long acceptedNanos() {
    return acceptedNanos;
  }

  boolean authenticated() {
    return authenticated;
  }

  /** Queues one frame; any thread. False (counted) when the queue is full or the connection closed. */
  boolean enqueue(ByteBuffer frame) {
    if (closed) {
      listener.drops().count("tcp.closed");
      return false;
    }
    if (queued.incrementAndGet() > listener.config().sendQueuePackets()) {
      queued.decrementAndGet();
      listener.drops().count("tcp.send_queue_full");
      return false;
    }
    pending.add(frame);
    if (listener.loop().inLoop()) {
      flush();
    } else if (flushScheduled.compareAndSet(false, true)) {
      listener.loop().execute(flushTask);
    }
    return true;
  }

  @Override
  public void onReady(SelectionKey key, long nowNanos) {
    this.key = key;
    if (!key.isValid()) {
      return;
    }
    if (key.isWritable()) {
      flush();
    }
    if (key.isValid() && key.isReadable()) {
      read(nowNanos);
    }
  }

  private void read(long nowNanos) {
    ByteBuffer buf = listener.readBuffer();
    frameNanos = nowNanos;
    for (int i = 0; i < READ_BUDGET && !closed; i++) {
      buf.clear();
      int n;
      try {
        n = channel.read(buf);
      } catch (IOException e) {
        log.debug("ICE-TCP read from {} failed", remote, e);
        close("tcp.read_failed");
        return;
      }
      if (n < 0) {
        close(null); // the peer closed: not a drop
        return;
      }
      if (n == 0) {
        return;
      }
      try {
        reader.feed(buf.array(), 0, n, onFrame);
      } catch (MalformedPacketException e) {
        log.info("ICE-TCP connection from {} closed: {} ({})", remote, e.reason(), e.getMessage());
        close(e.reason());
        return;
      }
    }
  }

  private void flushFromTask() {
    flushScheduled.set(false);
    flush();
  }

  /** Writes what the socket takes now; keeps OP_WRITE while frames remain (loop thread). */
  private void flush() {
    if (closed) {
      return;
    }
    try {
      for (ByteBuffer head; (head = pending.peek()) != null; ) {
        channel.write(head);
        if (head.hasRemaining()) {
          interest(true);
          return;
        }
        pending.poll();
        queued.decrementAndGet();
      }
      interest(false);
    } catch (IOException e) {
      log.debug("ICE-TCP write to {} failed", remote, e);
      close("tcp.write_failed");
    }
  }

  private void interest(boolean write) {
    SelectionKey key = this.key;
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = write ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  /**
   * Closes the socket ({@code reason} counted when not null): on the loop thread, or from the
   * listener's close on any thread. Safe twice.
   */
  synchronized void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    if (reason != null) {
      listener.drops().count(reason);
    }
    if (key != null) {
      key.cancel();
    }
    IceTcpListener.quietClose(channel);
    pending.clear();
    queued.set(0);
    listener.closed(this);
  }
}
