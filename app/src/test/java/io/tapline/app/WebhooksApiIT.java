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

  @Test
  void refusesTargetsInsideTheNetworkAndPagesTheList() throws Exception {
    String key = newKey("hooks-ssrf");
    String ok = "\"eventTypes\":[\"recording.ready\"]";
    for (String url : java.util.List.of("http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8080/x",
        "http://10.0.0.5/x", "http://192.168.1.1/x", "http://[::ffff:169.254.169.254]/x", "http://[fe80::1]/x",
        "http://224.0.0.1/x", "http://[fd00:ec2::254]/x", "http://[::ffff:a9fe:a9fe]/x")) {
      JsonNode p = post("/api/v1/webhooks", key, "{\"url\":\"" + url + "\"," + ok + "}").problem(400, "validation");
      assertTrue(p.get("detail").asText().startsWith("url is not allowed: "), p.toString());
    }
    JsonNode meta = post("/api/v1/webhooks", key, "{\"url\":\"http://169.254.169.254/\"," + ok + "}")
        .problem(400, "validation");
    assertTrue(meta.get("detail").asText().contains("link-local (cloud metadata)"), meta.toString());
    JsonNode unknown = post("/api/v1/webhooks", key, "{\"url\":\"https://no-such-host.invalid/x\"," + ok + "}")
        .problem(400, "validation");
    assertTrue(unknown.get("detail").asText().contains("does not resolve"), unknown.toString());
    assertEquals(0, get("/api/v1/webhooks", key).json().get("total").asInt());

    // Loopback is allowed by default (a receiver on this machine), by name too
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (String url : java.util.List.of("http://localhost:9/a", "http://127.0.0.1:9/b", "http://[::1]:9/c")) {
      Response r = post("/api/v1/webhooks", key, "{\"url\":\"" + url + "\"," + ok + "}");
      assertEquals(201, r.status(), r.body());
      ids.add(r.json().get("webhookId").asText());
      Thread.sleep(5); // distinct creation times, so the order is the creation order
    }
    JsonNode first = get("/api/v1/webhooks?limit=2", key).json();
    assertEquals(3, first.get("total").asInt());
    assertEquals(2, first.get("items").size());
    assertEquals(ids.get(0), first.get("items").get(0).get("webhookId").asText());
    assertEquals(ids.get(1), first.get("items").get(1).get("webhookId").asText());
    JsonNode last = get("/api/v1/webhooks?limit=2&offset=2", key).json();
    assertEquals(1, last.get("items").size());
    assertEquals(ids.get(2), last.get("items").get(0).get("webhookId").asText());
    assertEquals(0, get("/api/v1/webhooks?offset=3", key).json().get("items").size());
    get("/api/v1/webhooks?offset=-1", key).problem(400, "validation");
    get("/api/v1/webhooks?limit=0", key).problem(400, "validation");
  }
}
