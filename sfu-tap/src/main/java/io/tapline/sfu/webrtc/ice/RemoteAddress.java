package io.tapline.sfu.webrtc.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a packet came from, as ICE tells candidate pairs apart: the remote transport address AND
 * its transport (RFC 8445 section 5.1.3, RFC 6544 section 3). A UDP source and a TCP connection
 * from the same address and port are different pairs; the TCP listener has one connection per
 * remote address, so {@code (TCP, address)} names that connection.
 */
public record RemoteAddress(Transport transport, InetSocketAddress address) {
  /** The transport protocol of a candidate pair. */
  public enum Transport {
    UDP,
    TCP
  }

  public RemoteAddress {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
  }

  public static RemoteAddress udp(InetSocketAddress address) {
    return new RemoteAddress(Transport.UDP, address);
  }

  public static RemoteAddress tcp(InetSocketAddress address) {
    return new RemoteAddress(Transport.TCP, address);
  }

  @Override
  public String toString() {
    return transport.name().toLowerCase(java.util.Locale.ROOT) + ":" + address;
  }
}
