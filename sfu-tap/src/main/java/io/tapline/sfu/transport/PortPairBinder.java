package io.tapline.sfu.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Binds RTP/RTCP channel pairs on adjacent ports (even RTP, RTCP = RTP + 1) because plain senders
 * such as ffmpeg's RTP muxer send RTCP to the RTP port + 1 and cannot be told otherwise.
 */
public final class PortPairBinder {
  private static final int ATTEMPTS = 200;

  private final InetAddress bindAddress;
  private final int minPort;
  private final int maxPort;
  private final int receiveBufferBytes;
  private final int sendBufferBytes;

  /**
   * @param minPort lowest RTP port, 0 for the OS's ephemeral range
   * @param maxPort highest RTCP port (ignored when minPort is 0)
   */
  public PortPairBinder(InetAddress bindAddress, int minPort, int maxPort, int receiveBufferBytes, int sendBufferBytes) {
    if (minPort != 0 && (minPort < 1024 || maxPort <= minPort || maxPort > 65535)) {
      throw new IllegalArgumentException("bad port range " + minPort + "-" + maxPort);
    }
    this.bindAddress = bindAddress;
    this.minPort = minPort;
    this.maxPort = maxPort;
    this.receiveBufferBytes = receiveBufferBytes;
    this.sendBufferBytes = sendBufferBytes;
  }

  public record Pair(DatagramChannel rtp, DatagramChannel rtcp) {
    public void close() {
      closeQuietly(rtp);
      closeQuietly(rtcp);
    }
  }

  public Pair bind() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port;
      DatagramChannel rtp = null;
      try {
        if (minPort == 0) {
          rtp = open(0);
          port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
          if (port % 2 != 0 || port + 1 > 65535) {
            closeQuietly(rtp);
            continue;
          }
        } else {
          int pairs = (maxPort - minPort + 1) / 2;
          port = (minPort + (minPort & 1)) + 2 * random.nextInt(pairs);
          rtp = open(port);
        }
        DatagramChannel rtcp = open(port + 1);
        return new Pair(rtp, rtcp);
      } catch (IOException e) {
        closeQuietly(rtp); // taken: try another pair
      }
    }
    throw new UncheckedIOException(new IOException("no free RTP/RTCP port pair after " + ATTEMPTS + " attempts"));
  }

  private DatagramChannel open(int port) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
      ch.bind(new InetSocketAddress(bindAddress, port));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  static void closeQuietly(DatagramChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing a datagram channel does not fail in a way we could act on
      }
    }
  }
}
