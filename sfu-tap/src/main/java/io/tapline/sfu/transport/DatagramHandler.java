package io.tapline.sfu.transport;

import java.net.InetSocketAddress;

/**
 * Receives the datagrams of one channel on its {@link IoLoop} thread. The buffer is the loop's
 * receive buffer: valid only during the call, copy what you keep.
 */
@FunctionalInterface
public interface DatagramHandler {
  void onDatagram(byte[] buffer, int length, InetSocketAddress source, long nowNanos);
}
