package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.conversation.Conversation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server side of one session: who joined where, and a send that never throws. */
final class SignalingConnection {
  private static final Logger log = LoggerFactory.getLogger(SignalingConnection.class);

  /** What a successful join grants this session. */
  record Membership(TokenClaims claims, Conversation conversation) {
    String participantId() {
      return claims.participantId();
    }

    String conversationId() {
      return conversation.id();
    }
  }

  private final SignalingSession session;
  private final Messages messages;
  private final AtomicReference<Membership> membership = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object sendLock = new Object();
  private volatile WebRtcSession webrtc;

  SignalingConnection(SignalingSession session, Messages messages) {
    this.session = session;
    this.messages = messages;
  }

  String id() {
    return session.id();
  }

  WebRtcSession webrtc() {
    return webrtc;
  }

  void webrtc(WebRtcSession session) {
    webrtc = session;
  }

  /** Closes the session's WebRTC connections, if any. */
  void closeWebRtc() {
    WebRtcSession s = webrtc;
    webrtc = null;
    if (s != null) {
      s.close();
    }
  }

  Membership membership() {
    return membership.get();
  }

  void attach(Membership m) {
    membership.set(m);
  }

  /** Forgets the membership; returns it if this call is the one that did. */
  Membership detach() {
    return membership.getAndSet(null);
  }

  boolean isClosed() {
    return closed.get();
  }

  /** The transport closed the session. Returns false if that was already known. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  void send(ObjectNode message) {
    if (closed.get()) {
      return;
    }
    String text = messages.write(message);
    // Transports (e.g. Spring's WebSocketSession) do not allow concurrent sends on one session.
    synchronized (sendLock) {
      try {
        session.send(text);
      } catch (RuntimeException e) {
        log.debug("Session {}: send failed: {}", session.id(), e.toString());
      }
    }
  }

  void close(int code, String reason) {
    if (closed.compareAndSet(false, true)) {
      try {
        session.close(code, reason);
      } catch (RuntimeException e) {
        log.debug("Session {}: close failed: {}", session.id(), e.toString());
      }
    }
  }
}
