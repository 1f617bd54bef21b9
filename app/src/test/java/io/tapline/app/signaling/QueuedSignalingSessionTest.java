package io.tapline.app.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

class QueuedSignalingSessionTest {
  private final List<Object> written = new ArrayList<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Executor manual = tasks::add;

  private WebSocketSession socket() {
    return (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getId" -> "s1";
          case "isOpen" -> !written.stream().anyMatch(o -> o instanceof CloseStatus);
          case "sendMessage" -> {
            written.add(((TextMessage) args[0]).getPayload());
            yield null;
          }
          case "close" -> {
            written.add(args[0]);
            yield null;
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private void runTasks() {
    Runnable r;
    while ((r = tasks.poll()) != null) {
      r.run();
    }
  }

  @Test
  void sendOnlyQueuesAndTheDrainWritesInOrder() {
    QueuedSignalingSession s = new QueuedSignalingSession(socket(), manual, 10);
    s.send("a");
    s.send("b");
    s.close(4000, "ended");
    s.send("after close");
    assertTrue(written.isEmpty(), "nothing written on the caller's thread");
    assertEquals(1, tasks.size(), "one drain task for a burst");
    runTasks();
    assertEquals(List.of("a", "b", new CloseStatus(4000, "ended")), written);
  }

  @Test
  void aClientThatFallsBehindIsDisconnected() {
    QueuedSignalingSession s = new QueuedSignalingSession(socket(), manual, 3);
    for (int i = 0; i < 5; i++) {
      s.send("m" + i);
    }
    runTasks();
    assertEquals(1, written.size(), written.toString());
    assertEquals(QueuedSignalingSession.CLOSE_TOO_SLOW, ((CloseStatus) written.get(0)).getCode());
  }
}
