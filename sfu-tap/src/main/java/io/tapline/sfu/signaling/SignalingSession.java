package io.tapline.sfu.signaling;

/**
 * One client connection as the signaling layer sees it, whatever carries it (a WebSocket session,
 * a test double). The handler never calls {@link #send} concurrently for one session.
 */
public interface SignalingSession {
  /** Unique for the life of the process; used in logs. */
  String id();

  /** Sends one text message. May throw if the connection is gone; the handler copes. */
  void send(String text);

  /** Closes the connection with a WebSocket close code (RFC 6455 7.4) and a short reason. */
  void close(int code, String reason);
}
