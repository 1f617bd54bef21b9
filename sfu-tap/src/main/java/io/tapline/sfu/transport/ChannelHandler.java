package io.tapline.sfu.transport;

import java.nio.channels.SelectionKey;

/**
 * Handles a stream channel (TCP listener or connection) registered on an {@link IoLoop}: called on
 * the loop thread when the key is ready; it accepts, reads and writes without blocking and sets
 * the key's interest ops itself.
 */
@FunctionalInterface
public interface ChannelHandler {
  void onReady(SelectionKey key, long nowNanos);
}
