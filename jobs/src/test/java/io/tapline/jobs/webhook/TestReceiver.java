package io.tapline.jobs.webhook;

import com.sun.net.httpserver.HttpServer;
import io.tapline.jobs.webhook.WebhookSignature.Verdict;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that checks every signature, answers 500 to the first {@code
 * failFirst} requests (or hangs past the sender's timeout if {@code hang}), then 200.
 */
final class TestReceiver implements AutoCloseable {
  record Received(
      String deliveryId,
      String eventType,
      String body,
      Verdict verdict,
      int answered,
      Instant at) {}

  private final HttpServer server;
  // more threads than hanging requests a test makes, so the one after them is answered at once
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final String secret;
  private final AtomicInteger failuresLeft;
  private final Duration hang;
  final List<Received> received = new CopyOnWriteArrayList<>();

  TestReceiver(String secret, int failFirst, Duration hang) throws IOException {
    this.secret = secret;
    this.failuresLeft = new AtomicInteger(failFirst);
    this.hang = hang;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Verdict verdict =
              WebhookSignature.verify(
                  this.secret,
                  exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                  body,
                  Instant.now(),
                  Duration.ofMinutes(5));
          int status;
          if (verdict != Verdict.VALID) {
            status = 400;
          } else if (failuresLeft.getAndDecrement() > 0) {
            status = 500;
            if (!this.hang.isZero()) {
              sleep(this.hang);
            }
          } else {
            status = 200;
          }
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_ID_HEADER),
                  exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_TYPE_HEADER),
                  new String(body, java.nio.charset.StandardCharsets.UTF_8),
                  verdict,
                  status,
                  Instant.now()));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  long accepted(String deliveryId) {
    return received.stream()
        .filter(r -> r.deliveryId().equals(deliveryId) && r.answered() == 200)
        .count();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
