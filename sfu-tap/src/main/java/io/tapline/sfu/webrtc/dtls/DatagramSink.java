package io.tapline.sfu.webrtc.dtls;

import java.io.IOException;

/**
 * Where DTLS records go out: the media plane sends them from its shared UDP socket to the
 * peer's selected ICE address. Called on the handshake thread; must not keep {@code buf}.
 */
@FunctionalInterface
public interface DatagramSink {
  void send(byte[] buf, int off, int len) throws IOException;
}
