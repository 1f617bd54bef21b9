package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.jobs.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Webhook subscriptions over REST, and a delivery arriving signed at a local receiver. */
class WebhooksApiIT extends AppTestSupport {

  @Test
  void subscribesDeliversSignedListsDeliveriesAndUnsubscribes() throws Exception {
    String key = newKey("hooks-rest");
    try (HookReceiver hooks = new HookReceiver()) {
      Response created = post("/api/v1/webhooks", key, "{\"url\":\"" + hooks.url()
          + "\",\"eventTypes\":[\"recording.started\",\"recording.stopped\"]}");
      assertEquals(201, created.status(), created.body());
      JsonNode w = created.json();
      String id = w.get("webhookId").asText();
      String secret = w.get("secret").asText();
      assertTrue(secret.startsWith("whsec_"), "generated and returned once: " + secret);

      JsonNode list = get("/api/v1/webhooks", key).json();
      assertEquals(1, list.get("total").asInt());
      assertFalse(list.get("items").get(0).has("secret"), "the secret is never shown again");
      assertEquals(hooks.url(), list.get("items").get(0).get("url").asText());

      String conv = createConversation(key, "Hooked");
      Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
      assertEquals(201, started.status(), started.body());
      String rec = started.json().get("recordingId").asText();
      HookReceiver.Received r = hooks.await(x -> "recording.started".equals(x.event()), 30);
      assertEquals(WebhookSignature.Verdict.VALID,
          WebhookSignature.verify(secret, r.signature(), r.body(), Instant.now(), Duration.ofMinutes(5)));
      assertEquals(WebhookSignature.Verdict.MISMATCH, WebhookSignature.verify("whsec_other", r.signature(),
          r.body(), Instant.now(), Duration.ofMinutes(5)));
      assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains(rec));

      JsonNode delivered = awaitDelivered(key, id, r.deliveryId());
      assertEquals("recording.started", delivered.get("eventType").asText());
      assertEquals(1, delivered.get("attempts").asInt());
      assertEquals(204, delivered.get("lastStatusCode").asInt());
      assertEquals(0, get("/api/v1/webhooks/" + id + "/deliveries?status=failed", key).json().get("total").asInt());

      assertEquals(204, delete("/api/v1/webhooks/" + id, key).status());
      assertEquals(0, get("/api/v1/webhooks", key).json().get("total").asInt());
      delete("/api/v1/webhooks/" + id, key).problem(404, "not-found");
      post("/api/v1/recordings/" + rec + "/stop", key, null);
    }
  }

  private JsonNode awaitDelivered(String key, String webhookId, String deliveryId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode page = get("/api/v1/webhooks/" + webhookId + "/deliveries?status=delivered", key).json();
      for (JsonNode d : page.get("items")) {
        if (d.get("deliveryId").asText().equals(deliveryId)) {
          return d;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("delivery " + deliveryId + " not listed as delivered");
  }

  @Test
  void validatesAndScopes() throws Exception {
    String key = newKey("hooks-strict");
    String other = newKey("hooks-other");
    String ok = "\"eventTypes\":[\"recording.ready\"]";
    post("/api/v1/webhooks", key, "{" + ok + "}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"ftp://127.0.0.1/x\"," + ok + "}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"not a url\"," + ok + "}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"http:///nohost\"," + ok + "}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"http://u:p@127.0.0.1/x\"," + ok + "}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\"}").problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\",\"eventTypes\":[]}").problem(400, "validation");
    JsonNode p = post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\",\"eventTypes\":[\"recording.done\"]}")
        .problem(400, "validation");
    assertTrue(p.get("detail").asText().contains("recording.ready"), "lists the known types: " + p);
    post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\"," + ok + ",\"secret\":\"short\"}")
        .problem(400, "validation");
    post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\"," + ok + ",\"colour\":1}")
        .problem(400, "bad-json");
    post("/api/v1/webhooks", null, "{\"url\":\"https://127.0.0.1/x\"," + ok + "}").problem(401, "unauthorized");

    Response created = post("/api/v1/webhooks", key, "{\"url\":\"https://127.0.0.1/x\"," + ok
        + ",\"secret\":\"my-own-secret-0123456789\"}");
    assertEquals(201, created.status(), created.body());
    assertEquals("my-own-secret-0123456789", created.json().get("secret").asText());
    String id = created.json().get("webhookId").asText();
    get("/api/v1/webhooks/" + id + "/deliveries?status=lost", key).problem(400, "validation");
    get("/api/v1/webhooks/" + id + "/deliveries?limit=500", key).problem(400, "validation");
    assertEquals(0, get("/api/v1/webhooks", other).json().get("total").asInt());
    get("/api/v1/webhooks/" + id + "/deliveries", other).problem(404, "not-found");
    delete("/api/v1/webhooks/" + id, other).problem(404, "not-found");
    delete("/api/v1/webhooks/whs-nope", key).problem(404, "not-found");
    assertEquals(1, get("/api/v1/webhooks", key).json().get("total").asInt());
  }
}
