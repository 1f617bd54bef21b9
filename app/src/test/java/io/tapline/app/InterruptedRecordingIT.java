package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 3 and 8: the app is killed (-9) while it records. Two plain-RTP Opus publishers join
 * through signaling, a recording runs about 8 s, the child JVM gets SIGKILL; a new JVM on the
 * same data directory closes the recording as interrupted by itself, and it becomes available
 * with its per-track files and its composite as long as what was captured before the kill.
 *
 * <p>Tolerance 1.5 s: the tap hands records to the OS every flush interval (1 s by default), so a
 * kill loses at most the last second, plus the packets still queued for the writer and the
 * sender's last 20 ms frame; the outputs may be up to that much shorter than the wall-clock time
 * between the start and the kill, and never longer (beyond a frame's rounding).
 */
class InterruptedRecordingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOLERANCE_S = 1.5;

  @TempDir Path tmp;
  Path data;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  HookReceiver hooks;
  AppRestartIT.App app;

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(AppRestartIT.JAR),
        "the packaged app is built before ITs run");
    Ffprobe.assumeInstalled();
    data = tmp.resolve("data");
    hooks = new HookReceiver();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.stop(true);
    }
    hooks.close();
  }

  @Test
  void aRecordingCapturedWhenTheAppIsKilledIsClosedAsInterruptedAndBecomesAvailable()
      throws Exception {
    String key = AppRestartIT.apiKey(tmp, data, "crash");
    AppRestartIT.subscribe(data, "crash", URI.create(hooks.url()),
        Set.of(EventType.RECORDING_STOPPED, EventType.RECORDING_READY));
    app = AppRestartIT.App.start(tmp, data, http, "first");

    String conv = app.post("/api/v1/conversations", key, "{\"title\":\"Crash\"}").get("id").asText();
    AtomicBoolean sending = new AtomicBoolean(true);
    List<AutoCloseable> open = new ArrayList<>();
    String recordingId;
    long killedMicros;
    try {
      for (String who : List.of("alice", "bob")) {
        publish(key, conv, who, sending, open);
      }
      Thread.sleep(300);
      recordingId = app.post("/api/v1/conversations/" + conv + "/recordings", key, null)
          .get("recordingId").asText();
      Thread.sleep(8000);
      app.stop(true); // SIGKILL while both tracks are captured
      killedMicros = nowMicros();
      app = null;
    } finally {
      sending.set(false);
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
    Path tapDir = data.resolve("recordings").resolve(conv).resolve(recordingId);
    JsonNode before = JSON.readTree(tapDir.resolve("manifest.json").toFile());
    assertNull(before.get("stoppedMicros"), "the kill interrupted the capture: " + before);
    long startedMicros = before.get("startedMicros").asLong();
    double captured = (killedMicros - startedMicros) / 1e6;

    app = AppRestartIT.App.start(tmp, data, http, "second");
    awaitAvailable(key, recordingId);
    String log = app.log();
    assertTrue(log.contains("closed as interrupted"), AppRestartIT.tail(log));

    // the manifest: stopped at the last record, with the interrupted stop in the event log
    JsonNode manifest = JSON.readTree(tapDir.resolve("manifest.json").toFile());
    long stoppedMicros = manifest.get("stoppedMicros").asLong();
    assertTrue(stoppedMicros <= killedMicros, "not after the kill");
    assertTrue((killedMicros - stoppedMicros) / 1e6 <= TOLERANCE_S,
        "the last record is at most " + TOLERANCE_S + " s before the kill: "
            + (killedMicros - stoppedMicros) + " us");
    JsonNode stop = null;
    for (String line : Files.readAllLines(tapDir.resolve("events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      if (e.get("type").asText().equals("RECORDING_STOPPED")) {
        assertNull(stop, "one terminal event");
        stop = e;
      }
    }
    assertNotNull(stop, "a terminal event");
    assertEquals("interrupted", stop.path("attributes").path("reason").asText(), stop.toString());
    assertEquals(stoppedMicros, stop.get("timeMicros").asLong(), "at the last record");

    // every track's own file and the composite, as ffprobe sees them; the index row's end and
    // duration are the last record's
    List<Path> outputs = new ArrayList<>();
    try (IndexDatabase index = IndexDatabase.open(IndexSettings.h2(data.resolve("index")))) {
      var row = index.recordings().get(recordingId);
      assertEquals(stoppedMicros / 1000, row.stoppedAt().toEpochMilli(), row.toString());
      assertNear(captured, row.durationMs() / 1000.0, "the recording's duration");
      var tracks = index.recordings().tracks(recordingId);
      assertEquals(2, tracks.size(), tracks.toString());
      for (var t : tracks) {
        assertNotNull(t.file(), "track file stored: " + t);
        outputs.add(stored(t.file().key()));
      }
      var compositions = index.recordings().compositions(recordingId);
      assertEquals(1, compositions.size(), compositions.toString());
      outputs.add(stored(compositions.get(0).object().key()));
    }
    for (Path out : outputs) {
      JsonNode probe = Ffprobe.probe(out);
      assertNotNull(Ffprobe.stream(probe, "audio"), out + ": " + probe);
      assertNear(captured, Ffprobe.duration(probe), out.getFileName().toString());
    }

    // the application was told, with the reason and the time of the last record
    HookReceiver.Received stopped = hooks.await(r -> "recording.stopped".equals(r.event())
        && body(r).contains(recordingId), 60);
    JsonNode stoppedData = JSON.readTree(stopped.body()).get("data");
    assertEquals("interrupted", stoppedData.get("reason").asText(), stoppedData.toString());
    hooks.await(r -> "recording.ready".equals(r.event()) && body(r).contains(recordingId), 60);
    assertEquals(1, hooks.received.stream().filter(r -> "recording.stopped".equals(r.event())
        && body(r).contains(recordingId)).count(), "one recording.stopped");
  }

  private void publish(String key, String conv, String who, AtomicBoolean sending,
      List<AutoCloseable> open) throws Exception {
    String token = app.post("/api/v1/conversations/" + conv + "/tokens", key,
        "{\"participantId\":\"" + who + "\",\"name\":\"" + who + "\",\"role\":\"publisher\"}")
        .get("token").asText();
    WsClient ws = new WsClient("ws://127.0.0.1:" + app.port + "/signaling");
    open.add(ws);
    ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
        + "\",\"token\":\"" + token + "\"}");
    ws.await("joined");
    ws.send("{\"type\":\"publish\",\"id\":\"2\",\"track\":{\"trackId\":\"" + who
        + "-mic\",\"kind\":\"audio\",\"source\":\"microphone\",\"codec\":\"opus\","
        + "\"payloadType\":111,\"clockRate\":48000,\"channels\":2}}");
    JsonNode published = ws.await("published");
    InetSocketAddress target = new InetSocketAddress(published.get("rtp").get("host").asText(),
        published.get("rtp").get("port").asInt());
    DatagramChannel ch = DatagramChannel.open();
    open.add(ch);
    Thread t = new Thread(() -> AppRestartIT.sendOpus(ch, target, who.hashCode(), sending),
        "rtp-" + who);
    t.start();
    open.add(() -> t.join(5000));
  }

  private JsonNode awaitAvailable(String key, String recordingId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = app.get("/api/v1/recordings/" + recordingId, key);
      if (last.get("status").asText().equals("available")) {
        return last;
      }
      assertFalse(last.get("status").asText().equals("failed"),
          last + "\n" + AppRestartIT.tail(app.log()));
      Thread.sleep(250);
    }
    throw new AssertionError("never available: " + last + "\n" + AppRestartIT.tail(app.log()));
  }

  private static void assertNear(double captured, double got, String what) {
    System.out.printf("InterruptedRecordingIT: %s %.3f s, captured %.3f s before the kill%n", what,
        got, captured);
    assertTrue(got <= captured + 0.25 && got >= captured - TOLERANCE_S, what + ": " + got
        + " s, captured " + captured + " s before the kill (tolerance " + TOLERANCE_S + " s)");
  }

  private Path stored(String key) {
    Path p = data.resolve("s3").resolve("tapline").resolve(key);
    assertTrue(Files.isRegularFile(p), "stored: " + key);
    return p;
  }

  private static String body(HookReceiver.Received r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
