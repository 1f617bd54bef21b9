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

  /** Everything that arrives until nothing came for {@code quietMillis}. */
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
