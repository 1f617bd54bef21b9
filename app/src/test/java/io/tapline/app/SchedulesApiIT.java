package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planned recordings over REST: create (one-off and cron), list, get, cancel; one that fires. */
class SchedulesApiIT extends AppTestSupport {

  @Test
  void createsListsGetsAndCancelsSchedules() throws Exception {
    String key = newKey("sched-rest");
    String conv = createConversation(key, "Planned");
    String other = createConversation(key, "Other");
    Instant start = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    String base = "/api/v1/conversations/" + conv + "/schedules";

    Response once = post(base, key, "{\"start\":\"" + start + "\",\"stop\":\"" + start.plusSeconds(1800)
        + "\",\"graceSeconds\":120}");
    assertEquals(201, once.status(), once.body());
    JsonNode s = once.json();
    String onceId = s.get("scheduleId").asText();
    assertEquals(conv, s.get("conversationId").asText());
    assertEquals("active", s.get("status").asText());
    assertEquals(start.toString(), s.get("start").asText());
    assertEquals(start.plusSeconds(1800).toString(), s.get("stop").asText());
    assertEquals(120, s.get("graceSeconds").asInt());
    assertEquals(start.toString(), s.get("nextStart").asText());

    Response cron = post(base, key, "{\"cron\":\"0 0 9 ? * MON-FRI\",\"zone\":\"Europe/Paris\","
        + "\"durationSeconds\":3600}");
    assertEquals(201, cron.status(), cron.body());
    String cronId = cron.json().get("scheduleId").asText();
    assertEquals("Europe/Paris", cron.json().get("zone").asText());
    Instant next = Instant.parse(cron.json().get("nextStart").asText());
    assertTrue(next.isAfter(Instant.now()), "next weekday 09:00 Paris: " + next);
    assertEquals(900, cron.json().get("graceSeconds").asInt(), "default join grace");
    Response elsewhere = post("/api/v1/conversations/" + other + "/schedules", key, "{\"start\":\"" + start
        + "\",\"durationSeconds\":60}");
    assertEquals(201, elsewhere.status(), elsewhere.body());

    JsonNode mine = get("/api/v1/schedules?conversationId=" + conv, key).json();
    assertEquals(2, mine.get("total").asInt());
    assertEquals(List.of(cronId, onceId), List.of(mine.get("items").get(0).get("scheduleId").asText(),
        mine.get("items").get(1).get("scheduleId").asText()), "newest first");
    assertEquals(3, get("/api/v1/schedules", key).json().get("total").asInt());
    assertEquals(1, get("/api/v1/schedules?limit=1&offset=2", key).json().get("items").size());

    JsonNode one = get("/api/v1/schedules/" + onceId, key).json();
    assertEquals(0, one.get("occurrences").size());
    assertEquals(204, delete("/api/v1/schedules/" + onceId, key).status());
    JsonNode cancelled = get("/api/v1/schedules/" + onceId, key).json();
    assertEquals("cancelled", cancelled.get("status").asText());
    assertTrue(cancelled.path("nextStart").isMissingNode(), cancelled.toString());
  }

  @Test
  void aScheduleThatFiresRecordsAndShowsItsOccurrence() throws Exception {
    String key = newKey("sched-fire");
    String conv = createConversation(key, "Soon");
    try (WsClient ws = new WsClient("ws://127.0.0.1:" + port + "/signaling")) {
      // The scheduler records a conversation someone is in.
      ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + issueToken(key, conv, "gina", "subscriber") + "\"}");
      ws.await("joined");
      Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
      Response r = post("/api/v1/conversations/" + conv + "/schedules", key, "{\"start\":\"" + start
          + "\",\"durationSeconds\":3,\"graceSeconds\":0}");
      assertEquals(201, r.status(), r.body());
      String id = r.json().get("scheduleId").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonNode occurrence = null;
      while (System.nanoTime() < deadline) {
        JsonNode s = get("/api/v1/schedules/" + id, key).json();
        if (s.get("occurrences").size() > 0
            && "finalizing".equals(s.get("occurrences").get(0).get("state").asText())) {
          occurrence = s.get("occurrences").get(0);
          break;
        }
        Thread.sleep(300);
      }
      assertNotNull(occurrence, "the planned start recorded and stopped: " + get("/api/v1/schedules/" + id, key)
          .body());
      assertEquals(start.toString(), occurrence.get("plannedStart").asText());
      String rec = occurrence.get("recordingId").asText();
      JsonNode recording = get("/api/v1/recordings/" + rec, key).json();
      assertEquals(conv, recording.get("conversationId").asText(), recording.toString());
      assertEquals("completed", get("/api/v1/schedules/" + id, key).json().get("status").asText());
    }
  }

  @Test
  void validatesAndScopes() throws Exception {
    String key = newKey("sched-strict");
    String other = newKey("sched-other");
    String conv = createConversation(key, "Strict");
    String base = "/api/v1/conversations/" + conv + "/schedules";
    Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    post(base, key, null).problem(400, "validation");
    post(base, key, "{\"durationSeconds\":60}").problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\"}").problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"cron\":\"0 0 9 * * ?\",\"durationSeconds\":60}")
        .problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"stop\":\"" + start.plusSeconds(60)
        + "\",\"durationSeconds\":60}").problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"stop\":\"" + start.minusSeconds(60) + "\"}")
        .problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"durationSeconds\":0}").problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"durationSeconds\":60,\"graceSeconds\":-1}")
        .problem(400, "validation");
    post(base, key, "{\"start\":\"2020-01-01T00:00:00Z\",\"durationSeconds\":60}").problem(400, "validation");
    post(base, key, "{\"start\":\"tomorrow\",\"durationSeconds\":60}").problem(400, "bad-json");
    post(base, key, "{\"cron\":\"every day\",\"durationSeconds\":60}").problem(400, "validation");
    post(base, key, "{\"cron\":\"0 0 9 * * ?\",\"zone\":\"Mars/Olympus\",\"durationSeconds\":60}")
        .problem(400, "validation");
    post(base, key, "{\"cron\":\"0 0 9 * * ?\",\"stop\":\"" + start + "\"}").problem(400, "validation");
    post(base, key, "{\"start\":\"" + start + "\",\"zone\":\"UTC\",\"durationSeconds\":60}")
        .problem(400, "validation");

    String body = "{\"start\":\"" + start + "\",\"durationSeconds\":60}";
    post(base, null, body).problem(401, "unauthorized");
    post(base, other, body).problem(404, "not-found");
    Response created = post(base, key, body);
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("scheduleId").asText();
    get("/api/v1/schedules/" + id, other).problem(404, "not-found");
    delete("/api/v1/schedules/" + id, other).problem(404, "not-found");
    get("/api/v1/schedules?conversationId=" + conv, other).problem(404, "not-found");
    assertEquals(0, get("/api/v1/schedules", other).json().get("total").asInt());
    get("/api/v1/schedules/sch-unknown", key).problem(404, "not-found");
    assertEquals("active", get("/api/v1/schedules/" + id, key).json().get("status").asText());
  }
}
