package io.tapline.app.signaling;

import io.tapline.sfu.signaling.SignalingSession;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A WebSocket session as the signaling layer sees it. {@link #send} and {@link #close} only queue:
 * the signaling handler calls them while it holds a conversation's lock, and one slow client must
 * not hold up the conversation. One drain task at a time writes the queue out, in order. A client
 * that lets more than {@code queueLimit} messages pile up is disconnected (1008).
 */
final class QueuedSignalingSession implements SignalingSession {
  private static final Logger log = LoggerFactory.getLogger(QueuedSignalingSession.class);
  static final int CLOSE_TOO_SLOW = 1008;

  private final WebSocketSession socket;
  private final Executor executor;
  private final int queueLimit;
  private final Queue<Object> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closeQueued;

  QueuedSignalingSession(WebSocketSession socket, Executor executor, int queueLimit) {
    this.socket = socket;
    this.executor = executor;
    this.queueLimit = queueLimit;
  }

  @Override
  public String id() {
    return socket.getId();
  }

  @Override
  public void send(String text) {
    synchronized (this) {
      if (closeQueued) {
        return;
      }
      if (queue.size() >= queueLimit) {
        log.warn("Signaling session {}: {} messages unsent, disconnecting the slow client", id(), queue.size());
        queue.clear();
        closeQueued = true;
        queue.add(new CloseStatus(CLOSE_TOO_SLOW, "too slow: messages piled up"));
      } else {
        queue.add(text);
      }
    }
    scheduleDrain();
  }

  @Override
  public void close(int code, String reason) {
    synchronized (this) {
      if (closeQueued) {
        return;
      }
      closeQueued = true;
      queue.add(new CloseStatus(code, reason));
    }
    scheduleDrain();
  }

  private void scheduleDrain() {
    synchronized (this) {
      if (draining || queue.isEmpty()) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Object next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        if (next instanceof String text) {
          if (socket.isOpen()) {
            socket.sendMessage(new TextMessage(text));
          }
        } else if (socket.isOpen()) {
          socket.close((CloseStatus) next);
        }
      } catch (IOException | RuntimeException e) {
        log.debug("Signaling session {}: send failed ({}), dropping the rest", id(), e.toString());
        synchronized (this) {
          queue.clear();
        }
      }
    }
  }
}
