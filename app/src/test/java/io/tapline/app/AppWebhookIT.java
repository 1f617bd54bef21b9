package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.jobs.webhook.WebhookSignature;
import io.tapline.jobs.webhook.WebhookSubscription;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Conversation events reach the owning application's webhook, signed, through the outbox. */
class AppWebhookIT extends AppTestSupport {
  @Autowired JdbcWebhookSubscriptions subscriptions;

  record Received(String event, String signature, byte[] body) {}

  @Test
  void joinAndRecordingStartAreDeliveredSigned() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestHeaders().getFirst(WebhookSignature.EVENT_TYPE_HEADER),
          ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try {
      String key = newKey("hooks");
      WebhookSubscription sub = subscriptions.create("hooks",
          URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
          Set.of(EventType.PARTICIPANT_JOINED, EventType.RECORDING_STARTED));
      String conv = createConversation(key, "Hooked");
      String token = issueToken(key, conv, "dave", "moderator");
      try (WsClient ws = new WsClient("ws://127.0.0.1:" + port + "/signaling")) {
        ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
            + "\",\"token\":\"" + token + "\"}");
        ws.await("joined");
        assertEquals(201, post("/api/v1/conversations/" + conv + "/recordings", key, null).status());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      assertEquals(List.of("participant.joined", "recording.started"),
          received.stream().map(Received::event).sorted().toList());
      for (Received r : received) {
        assertEquals(WebhookSignature.Verdict.VALID, WebhookSignature.verify(sub.secret(), r.signature(), r.body(),
            Instant.now(), Duration.ofMinutes(5)));
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.toString().contains(conv), body.toString());
      }
      Received joined = received.stream().filter(r -> r.event().equals("participant.joined")).findFirst().orElseThrow();
      assertTrue(new String(joined.body()).contains("\"dave\""), new String(joined.body()));
    } finally {
      receiver.stop(0);
    }
  }
}
