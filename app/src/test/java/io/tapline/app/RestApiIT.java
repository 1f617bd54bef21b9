package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every REST endpoint over real HTTP, with its documented errors. */
class RestApiIT extends AppTestSupport {

  @Test
  void refusesRequestsWithoutAValidKey() throws Exception {
    JsonNode p = get("/api/v1/conversations", null).problem(401, "unauthorized");
    assertTrue(p.get("detail").asText().contains("Authorization: Bearer"), p.toString());
    get("/api/v1/conversations", "tpk_not-a-real-key-0000000000000000000000000").problem(401, "unauthorized");
    Response basic = send(request("/api/v1/conversations", null).header("Authorization", "Basic dXNlcjpwdw==")
        .GET().build());
    basic.problem(401, "unauthorized");
  }

  @Test
  void createsListsAndGetsConversations() throws Exception {
    String key = newKey("acme");
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    Response created = post("/api/v1/conversations", key, "{\"id\":\"weekly-1\",\"title\":\"Weekly\","
        + "\"plannedStart\":\"" + start + "\",\"plannedEnd\":\"" + start.plusSeconds(3600) + "\"}");
    assertEquals(201, created.status(), created.body());
    JsonNode c = created.json();
    assertEquals("weekly-1", c.get("id").asText());
    assertEquals("planned", c.get("status").asText());
    assertEquals(start.toString(), c.get("plannedStart").asText());
    assertFalse(c.get("record").asBoolean());

    String second = createConversation(key, "Second");
    assertTrue(second.startsWith("conv-"), second);

    JsonNode page = get("/api/v1/conversations?limit=1", key).json();
    assertEquals(2, page.get("total").asInt());
    assertEquals(1, page.get("items").size());
    assertEquals(second, page.get("items").get(0).get("id").asText(), "newest first");
    JsonNode page2 = get("/api/v1/conversations?limit=1&offset=1", key).json();
    assertEquals("weekly-1", page2.get("items").get(0).get("id").asText());

    JsonNode detail = get("/api/v1/conversations/weekly-1", key).json();
    assertEquals("Weekly", detail.get("conversation").get("title").asText());
    assertEquals(0, detail.get("participants").size());
    assertEquals(0, detail.get("recordings").size());

    post("/api/v1/conversations", key, "{\"id\":\"weekly-1\",\"title\":\"Again\"}").problem(409, "conflict");
  }

  @Test
  void plansAScheduledRecordingWhenAsked() throws Exception {
    String key = newKey("sched");
    Instant start = Instant.now().plusSeconds(3600);
    Response r = post("/api/v1/conversations", key, "{\"title\":\"Board\",\"plannedStart\":\"" + start
        + "\",\"plannedEnd\":\"" + start.plusSeconds(600) + "\",\"options\":{\"record\":true}}");
    assertEquals(201, r.status(), r.body());
    assertTrue(r.json().get("record").asBoolean());
    assertTrue(r.json().hasNonNull("scheduleId"), r.body());

    post("/api/v1/conversations", key, "{\"title\":\"Board\",\"options\":{\"record\":true}}")
        .problem(400, "validation");
  }

  @Test
  void validatesEveryField() throws Exception {
    String key = newKey("strict");
    post("/api/v1/conversations", key, "{}").problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"\"}").problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"" + "x".repeat(201) + "\"}").problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"id\":\"bad id!\"}").problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"plannedStart\":\"2030-01-02T00:00:00Z\","
        + "\"plannedEnd\":\"2030-01-01T00:00:00Z\"}").problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"plannedStart\":\"tomorrow\"}").problem(400, "bad-json");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"colour\":\"red\"}").problem(400, "bad-json");
    post("/api/v1/conversations", key, "{\"title\":").problem(400, "bad-json");
    post("/api/v1/conversations", key, null).problem(400, "validation");
    // compositions are checked by the batch jobs' own parser, before anything is created
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"id\":\"comp-bad\",\"compositions\":[{\"layout\":\"mosaic\"}]}")
        .problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"compositions\":[{\"format\":\"avi\"}]}")
        .problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"compositions\":[{\"width\":-4}]}")
        .problem(400, "validation");
    post("/api/v1/conversations", key, "{\"title\":\"t\",\"compositions\":[{\"fps\":30,\"zoom\":2}]}")
        .problem(400, "bad-json");
    assertEquals(201, post("/api/v1/conversations", key,
        "{\"title\":\"t\",\"id\":\"comp-bad\",\"compositions\":[{\"layout\":\"active_speaker\",\"format\":\"webm\"}]}")
        .status(), "the refused request left the id free");
    Response text = send(request("/api/v1/conversations", key).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("hi")).build());
    text.problem(415, "unsupported-media-type");
    post("/api/v1/conversations", key, "{\"title\":\"" + "x".repeat(70_000) + "\"}").problem(413, "too-large");
    Response chunked = send(request("/api/v1/conversations", key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream("{\"title\":\"t\"}".getBytes()))).build());
    chunked.problem(411, "length-required");
    get("/api/v1/conversations?limit=0", key).problem(400, "validation");
    get("/api/v1/conversations?limit=201", key).problem(400, "validation");
    get("/api/v1/conversations?offset=-1", key).problem(400, "validation");
    get("/api/v1/conversations?limit=abc", key).problem(400, "validation");
    get("/api/v1/nothing-here", key).problem(404, "not-found");

    String conv = createConversation(key, "Tokens");
    String tokens = "/api/v1/conversations/" + conv + "/tokens";
    post(tokens, key, "{\"role\":\"publisher\"}").problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"a b\",\"role\":\"publisher\"}").problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"alice\",\"role\":\"king\"}").problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"alice\"}").problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"alice\",\"role\":\"publisher\",\"ttlSeconds\":0}")
        .problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"alice\",\"role\":\"publisher\",\"ttlSeconds\":86401}")
        .problem(400, "validation");
    post(tokens, key, "{\"participantId\":\"alice\",\"role\":\"publisher\",\"name\":\"" + "n".repeat(129) + "\"}")
        .problem(400, "validation");
  }

  @Test
  void issuesTokens() throws Exception {
    String key = newKey("tokens");
    String conv = createConversation(key, "Tokens");
    Response r = post("/api/v1/conversations/" + conv + "/tokens", key,
        "{\"participantId\":\"alice\",\"name\":\"Alice\",\"role\":\"moderator\",\"ttlSeconds\":120}");
    assertEquals(201, r.status(), r.body());
    JsonNode t = r.json();
    assertEquals(3, t.get("token").asText().split("\\.").length, "a JWS compact token");
    assertEquals("moderator", t.get("role").asText());
    assertEquals("/signaling", t.get("signalingPath").asText());
    Instant expires = Instant.parse(t.get("expiresAt").asText());
    assertTrue(expires.isAfter(Instant.now().plusSeconds(100)) && expires.isBefore(Instant.now().plusSeconds(130)));
    post("/api/v1/conversations/nope/tokens", key, "{\"participantId\":\"a\",\"role\":\"publisher\"}")
        .problem(404, "not-found");
  }

  @Test
  void anotherApplicationSeesNothing() throws Exception {
    String mine = newKey("owner-app");
    String theirs = newKey("other-app");
    String conv = createConversation(mine, "Private");
    Response started = post("/api/v1/conversations/" + conv + "/recordings", mine, null);
    assertEquals(201, started.status(), started.body());
    String rec = started.json().get("recordingId").asText();

    get("/api/v1/conversations/" + conv, theirs).problem(404, "not-found");
    post("/api/v1/conversations/" + conv + "/tokens", theirs, "{\"participantId\":\"eve\",\"role\":\"moderator\"}")
        .problem(404, "not-found");
    post("/api/v1/conversations/" + conv + "/recordings", theirs, null).problem(404, "not-found");
    get("/api/v1/conversations/" + conv + "/recordings", theirs).problem(404, "not-found");
    get("/api/v1/recordings/" + rec, theirs).problem(404, "not-found");
    post("/api/v1/recordings/" + rec + "/stop", theirs, null).problem(404, "not-found");
    assertEquals(0, get("/api/v1/conversations", theirs).json().get("total").asInt());

    assertEquals("stopped", post("/api/v1/recordings/" + rec + "/stop", mine, null).json().get("status").asText());
  }

  @Test
  void recordingLifecycle() throws Exception {
    String key = newKey("recorder");
    String conv = createConversation(key, "Recorded");
    Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
    assertEquals(201, started.status(), started.body());
    JsonNode rec = started.json();
    String id = rec.get("recordingId").asText();
    assertEquals("recording", rec.get("status").asText());

    post("/api/v1/conversations/" + conv + "/recordings", key, null).problem(409, "invalid-state");
    assertEquals("paused", post("/api/v1/recordings/" + id + "/pause", key, null).json().get("status").asText());
    post("/api/v1/recordings/" + id + "/pause", key, null).problem(409, "invalid-state");
    assertEquals("recording", post("/api/v1/recordings/" + id + "/resume", key, null).json().get("status").asText());
    JsonNode stopped = post("/api/v1/recordings/" + id + "/stop", key, null).json();
    assertEquals("stopped", stopped.get("status").asText());
    assertTrue(stopped.hasNonNull("stoppedAt"));
    post("/api/v1/recordings/" + id + "/resume", key, null).problem(409, "invalid-state");

    // The stop launched the finalize job (its execution is in the repository before the call
    // returns), which may already have moved the recording on from stopped.
    JsonNode after = get("/api/v1/recordings/" + id, key).json();
    assertTrue(List.of("stopped", "processing", "available", "failed").contains(after.get("status").asText()),
        after.toString());
    assertTrue(after.path("finalization").hasNonNull("status"), after.toString());
    assertTrue(after.get("tracks").isArray() && after.get("compositions").isArray(), after.toString());
    assertTrue(list(get("/api/v1/conversations/" + conv + "/recordings", key).json().get("items").get(0)),
        "lists do not carry the files");
    JsonNode list = get("/api/v1/conversations/" + conv + "/recordings", key).json();
    assertEquals(1, list.get("total").asInt());
    assertEquals(id, list.get("items").get(0).get("recordingId").asText());
    JsonNode detail = get("/api/v1/conversations/" + conv, key).json();
    assertEquals(id, detail.get("recordings").get(0).get("recordingId").asText());
    JsonNode types = detail.get("events");
    StringBuilder seen = new StringBuilder();
    types.forEach(e -> seen.append(e.get("type").asText()).append(' '));
    for (String t : new String[] {"recording.started", "recording.paused", "recording.resumed", "recording.stopped"}) {
      assertTrue(seen.toString().contains(t), seen.toString());
    }
    get("/api/v1/recordings/rec-unknown", key).problem(404, "not-found");
  }

  private static boolean list(JsonNode item) {
    return !item.has("tracks") && !item.has("compositions") && !item.has("finalization");
  }

  @Test
  void servesHealthMetricsAndTheOpenApiFile() throws Exception {
    Response health = get("/actuator/health", null);
    assertEquals(200, health.status(), health.body());
    assertEquals("UP", health.json().get("status").asText());
    assertEquals("UP", health.json().get("components").get("index").get("status").asText(), health.body());
    assertEquals("UP", health.json().get("components").get("objectStore").get("status").asText(), health.body());
    Response prom = get("/actuator/prometheus", null);
    assertEquals(200, prom.status());
    assertTrue(prom.body().contains("tapline_conversations_active"), "SFU gauge exported");
    assertTrue(prom.body().contains("http_server_requests_seconds"), "HTTP metrics exported");
    Response api = get("/openapi.yaml", null);
    assertEquals(200, api.status());
    assertTrue(api.body().startsWith("openapi: 3.1"), api.body().substring(0, 40));
  }
}
