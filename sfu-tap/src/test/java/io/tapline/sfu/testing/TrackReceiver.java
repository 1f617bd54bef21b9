package io.tapline.sfu.testing;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test subscriber for one track: a plain blocking DatagramChannel read by its own thread. */
public final class TrackReceiver implements AutoCloseable {
  private final DatagramChannel channel;
  private final Thread thread;
  private final List<RtpPacket> packets = new CopyOnWriteArrayList<>();
  private volatile int malformed;

  public TrackReceiver(String name) throws IOException {
    channel = DatagramChannel.open();
    channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::run, "receiver-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    while (channel.isOpen()) {
      try {
        buf.clear();
        channel.receive(buf);
        try {
          packets.add(RtpPacket.parse(java.util.Arrays.copyOf(buf.array(), buf.position())));
        } catch (MalformedPacketException e) {
          malformed++;
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  public List<RtpPacket> packets() {
    return packets;
  }

  public int malformed() {
    return malformed;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
