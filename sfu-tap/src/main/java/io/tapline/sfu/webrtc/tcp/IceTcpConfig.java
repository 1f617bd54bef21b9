package io.tapline.sfu.webrtc.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * The ICE-TCP listener (RFC 6544) beside the shared UDP port, for networks that block UDP.
 *
 * @param port the TCP port; -1 = no listener (no TCP candidate), 0 = an ephemeral port
 * @param maxConnections accepted connections open at once; more are closed at once and counted
 *     ({@code tcp.refused})
 * @param idleTimeout a connection that has not passed an authenticated STUN Binding check within
 *     this time of its accept is closed ({@code tcp.idle})
 * @param sendQueuePackets frames waiting to be written per connection; a frame beyond it is
 *     dropped and counted ({@code tcp.send_queue_full}), the loop never blocks on a slow reader
 */
public record IceTcpConfig(int port, int maxConnections, Duration idleTimeout, int sendQueuePackets) {
  public IceTcpConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("ICE-TCP port must be -1 (off) or 0-65535: " + port);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("ICE-TCP maxConnections must be at least 1: " + maxConnections);
    }
    if (idleTimeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("ICE-TCP idleTimeout must be at least 100 ms: " + idleTimeout);
    }
    if (sendQueuePackets < 1) {
      throw new IllegalArgumentException("ICE-TCP sendQueuePackets must be at least 1: " + sendQueuePackets);
    }
  }

  /** No listener. */
  public static IceTcpConfig off() {
    return new IceTcpConfig(-1, 256, Duration.ofSeconds(10), 512);
  }

  /** A listener on {@code port} (0 = ephemeral), 256 connections, 10 s to pass a check, 512 queued frames. */
  public static IceTcpConfig on(int port) {
    return new IceTcpConfig(port, 256, Duration.ofSeconds(10), 512);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
