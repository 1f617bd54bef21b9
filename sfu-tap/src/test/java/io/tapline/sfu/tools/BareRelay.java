package io.tapline.sfu.tools;

import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.transport.IoLoopGroup;
import io.tapline.sfu.transport.PortPairBinder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of the load test: receive a datagram, send it unchanged to every destination, on
 * the same I/O loops and sockets as the media plane but with no parsing, rewriting or metrics.
 */
final class BareRelay implements AutoCloseable {
  private final IoLoopGroup loops;
  private final List<PortPairBinder.Pair> pairs = new ArrayList<>();
  final LongAdder sent = new LongAdder();

  /** The same loop settings as the media plane it is compared with. */
  BareRelay(io.tapline.sfu.forward.MediaPlaneConfig config) {
    loops = new IoLoopGroup("relay-io", config.ioThreads(), config.tick(), config.ioSpin());
  }

  /** Opens a port whose datagrams go to every destination; returns it. */
  InetSocketAddress relay(List<InetSocketAddress> destinations) {
    PortPairBinder.Pair pair =
        new PortPairBinder(InetAddress.getLoopbackAddress(), 0, 0, 4 << 20, 4 << 20).bind();
    pairs.add(pair);
    IoLoop loop = loops.next();
    DatagramChannel ch = pair.rtp();
    InetSocketAddress[] to = destinations.toArray(InetSocketAddress[]::new);
    byte[] out = new byte[65536];
    ByteBuffer outBuf = ByteBuffer.wrap(out);
    loop.register(ch, (buf, length, source, now) -> {
      int n = 0;
      for (InetSocketAddress d : to) {
        System.arraycopy(buf, 0, out, 0, length); // the plane copies per subscriber too
        outBuf.clear().limit(length);
        try {
          if (ch.send(outBuf, d) > 0) {
            n++;
          }
        } catch (java.io.IOException e) {
          // counted as not sent
        }
      }
      sent.add(n);
    });
    try {
      return (InetSocketAddress) ch.getLocalAddress();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  List<IoLoop.LoopStats> loopStats() {
    return loops.loops().stream().map(IoLoop::stats).toList();
  }

  List<Thread> ioThreads() {
    return loops.loops().stream().map(IoLoop::thread).toList();
  }

  @Override
  public void close() {
    loops.close();
    pairs.forEach(PortPairBinder.Pair::close);
  }
}
