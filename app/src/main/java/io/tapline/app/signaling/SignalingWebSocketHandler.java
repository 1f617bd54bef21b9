package io.tapline.app.signaling;

import io.tapline.sfu.signaling.SignalingHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** Spring's WebSocket endpoint in front of the transport-free {@link SignalingHandler}. */
public final class SignalingWebSocketHandler extends TextWebSocketHandler {
  private final SignalingHandler signaling;
  private final Executor sendExecutor;
  private final int queueLimit;
  private final Map<String, QueuedSignalingSession> sessions = new ConcurrentHashMap<>();

  public SignalingWebSocketHandler(SignalingHandler signaling, Executor sendExecutor, int queueLimit) {
    this.signaling = signaling;
    this.sendExecutor = sendExecutor;
    this.queueLimit = queueLimit;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession socket) {
    QueuedSignalingSession session = new QueuedSignalingSession(socket, sendExecutor, queueLimit);
    sessions.put(socket.getId(), session);
    signaling.onOpen(session);
  }

  @Override
  protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
    QueuedSignalingSession session = sessions.get(socket.getId());
    if (session != null) {
      signaling.onMessage(session, message.getPayload());
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
    QueuedSignalingSession session = sessions.remove(socket.getId());
    if (session != null) {
      signaling.onClose(session, status.getCode(), status.getReason());
    }
  }

  @Override
  public void handleTransportError(WebSocketSession socket, Throwable exception) throws Exception {
    if (socket.isOpen()) {
      socket.close(CloseStatus.SERVER_ERROR);
    }
  }
}
