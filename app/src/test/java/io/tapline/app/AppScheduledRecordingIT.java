package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.jobs.schedule.Occurrence;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A conversation planned through REST with {@code options.record}: the scheduler (Quartz, through
 * the app's RecordingControl) starts its recording at the planned start under its own id and stops
 * it at the planned end.
 */
class AppScheduledRecordingIT extends AppTestSupport {

  @Test
  void recordsThePlannedWindow() throws Exception {
    String key = newKey("planner");
    Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
    Instant end = start.plusSeconds(4);
    Response created = post("/api/v1/conversations", key, "{\"title\":\"Planned\",\"plannedStart\":\"" + start
        + "\",\"plannedEnd\":\"" + end + "\",\"options\":{\"record\":true}}");
    assertEquals(201, created.status(), created.body());
    String conv = created.json().get("id").asText();
    String scheduleId = created.json().get("scheduleId").asText();
    String expectedRecording = Occurrence.recordingIdFor(scheduleId, start);

    try (WsClient ws = new WsClient("ws://127.0.0.1:" + port + "/signaling")) {
      ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + issueToken(key, conv, "erin", "subscriber") + "\"}");
      ws.await("joined");
      JsonNode startedEvent = ws.await("recording-started");
      assertEquals(expectedRecording, startedEvent.get("recording").get("recordingId").asText());
      JsonNode stoppedEvent = ws.await("recording-stopped");
      assertEquals(expectedRecording, stoppedEvent.get("recording").get("recordingId").asText());
      assertTrue(Instant.now().isAfter(end.minusMillis(500)), "stopped at the planned end, not before");
    }

    // The scheduled stop launches the finalize job: wait (bounded) for its outcome in the GET.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode rec = null;
    while (System.nanoTime() < deadline) {
      rec = get("/api/v1/recordings/" + expectedRecording, key).json();
      String status = rec.path("status").asText();
      String job = rec.path("finalization").path("status").asText();
      // AVAILABLE comes in publishReady; the job is COMPLETED after its cleanup step.
      if ((status.equals("available") || status.equals("failed"))
          && !job.isEmpty() && !job.equals("STARTING") && !job.equals("STARTED")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("available", rec.path("status").asText(), String.valueOf(rec));
    assertEquals("COMPLETED", rec.path("finalization").path("status").asText(), String.valueOf(rec));
    assertTrue(Files.exists(DATA_DIR.resolve("recordings").resolve(conv).resolve(expectedRecording)
        .resolve("manifest.json")));
  }
}
