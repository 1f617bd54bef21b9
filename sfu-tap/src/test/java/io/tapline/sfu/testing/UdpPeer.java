package io.tapline.sfu.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A plain blocking UDP endpoint on loopback for tests: send datagrams, receive with a deadline. */
public final class UdpPeer implements AutoCloseable {
  private final DatagramChannel channel;

  public UdpPeer() throws IOException {
    channel = DatagramChannel.open();
    // tests often send a burst before reading: the default 208 KiB holds only ~256 small datagrams.
    // The kernel caps this at net.core.rmem_max (often that same default), so tests also bound
    // what they have in flight instead of relying on it.
    channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    channel.configureBlocking(false);
  }

  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  public void send(byte[] data, InetSocketAddress to) throws IOException {
    channel.send(ByteBuffer.wrap(data), to);
  }

  /** One datagram received and its source. */
  public record Datagram(byte[] data, InetSocketAddress from) {}

  /** The next datagram, or null after {@code timeoutMillis}. */
  public Datagram receive(long timeoutMillis) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      buf.clear();
      InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
      if (from != null) {
        return new Datagram(Arrays.copyOf(buf.array(), buf.position()), from);
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /**
   * The next {@code count} datagrams, waiting at most {@code timeoutMillis} for all of them; fewer
   * when they do not come. Tests that expect a number of datagrams wait for that number, not for a
   * quiet period: on a loaded machine the SFU's I/O thread can stall longer than any quiet period,
   * and a quiet-period drain then returns early as if packets had been lost.
   */
  public List<Datagram> receive(int count, long timeoutMillis) throws IOException {
    List<Datagram> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (out.size() < count) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      Datagram d = receive(Math.max(0, left));
      if (d == null) {
        break;
      }
      out.add(d);
    }
    return out;
  }

  /**
   * Everything that arrives until nothing came for {@code quietMillis}: for checking that nothing
   * (more) arrives, after the expected datagrams were taken with {@link #receive(int, long)}.
   */
  public List<Datagram> drain(long quietMillis) throws IOException {
    List<Datagram> out = new ArrayList<>();
    for (Datagram d = receive(quietMillis); d != null; d = receive(quietMillis)) {
      out.add(d);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
