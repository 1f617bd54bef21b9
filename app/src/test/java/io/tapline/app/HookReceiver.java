package io.tapline.app;

import com.sun.net.httpserver.HttpServer;
import io.tapline.jobs.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A local webhook receiver on 127.0.0.1 that keeps what it is sent and answers 204. */
final class HookReceiver implements AutoCloseable {
  record Received(String event, String deliveryId, String signature, byte[] body) {}

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestHeaders().getFirst(WebhookSignature.EVENT_TYPE_HEADER),
          ex.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_ID_HEADER),
          ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The first received request matching {@code p}, waiting up to {@code seconds}. */
  Received await(Predicate<Received> p, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (Received r : received) {
        if (p.test(r)) {
          return r;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing matching arrived in " + seconds + " s; got " + received.stream()
        .map(Received::event).toList());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
