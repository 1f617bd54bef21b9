package io.tapline.sfu.signaling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A session that keeps what the server sent and how it closed. */
final class InMemorySession implements SignalingSession {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String id = "s" + IDS.incrementAndGet();
  final List<String> sent = new CopyOnWriteArrayList<>();
  volatile Integer closeCode;
  volatile String closeReason;

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(String text) {
    if (closeCode != null) {
      throw new IllegalStateException("session " + id + " is closed");
    }
    sent.add(text);
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
    closeReason = reason;
  }
}
