package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.app.auth.ApiKeys;
import io.tapline.app.config.TaplineProperties;
import io.tapline.jobs.batch.fixture.RecordingFixtureBuilder;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One started application (real HTTP on a random port, data in a temp directory) shared by the
 * functional tests, and a small JSON-over-HTTP client.
 */
// Metrics export is off in Spring tests unless asked for; /actuator/prometheus is under test.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TaplineApplication.class,
    properties = {"tapline.webrtc.bind-address=127.0.0.1", "tapline.webrtc.peer-networks=127.0.0.0/8"})
abstract class AppTestSupport {
  static final String TOKEN_SECRET = "test-secret-0123456789-0123456789-abcdef";
  static final Path DATA_DIR;
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    try {
      DATA_DIR = Files.createTempDirectory("tapline-app-it");
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    r.add("tapline.data-dir", DATA_DIR::toString);
    r.add("tapline.tokens.secret", () -> TOKEN_SECRET);
    r.add("tapline.conversations.empty-grace", () -> "2s");
    r.add("tapline.media.segment-duration", () -> "1s");
    r.add("tapline.jobs.quartz.idle-wait-time", () -> "1s");
    r.add("tapline.api.max-upload-size", () -> "8MB");
    // The server answers browsers' ICE checks from loopback only (Chromium also checks from its other
    // interfaces), so every selected candidate pair, and all media, stays on 127.0.0.1. Set here, not
    // in the registry, so that a test class's own @DynamicPropertySource can override it
    // (FirefoxConversationIT).
  }

  /** The first IPv4 address of an interface of this machine that is up and not loopback, else 127.0.0.1. */
  static String machineAddress() {
    try {
      for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (var a : java.util.Collections.list(nic.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (java.net.SocketException e) {
      // loopback then
    }
    return "127.0.0.1";
  }

  /** 127.0.0.0/8 and each address of this machine's interfaces as a host block. */
  static String thisMachine() {
    java.util.List<String> blocks = new java.util.ArrayList<>(java.util.List.of("127.0.0.0/8"));
    try {
      for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        for (var a : java.util.Collections.list(nic.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            blocks.add(a.getHostAddress().replaceAll("%.*", "") + (a instanceof java.net.Inet4Address ? "/32" : "/128"));
          }
        }
      }
    } catch (java.net.SocketException e) {
      // loopback only
    }
    return String.join(",", blocks);
  }

  @LocalServerPort int port;
  @Autowired ApiKeys apiKeys;
  @Autowired IndexDatabase index;
  @Autowired FinalizeLauncher finalizer;
  @Autowired TaplineProperties props;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String newKey(String app) {
    return apiKeys.create(app).secret();
  }

  Response get(String path, String key) throws Exception {
    return send(request(path, key).GET().build());
  }

  Response post(String path, String key, String body) throws Exception {
    HttpRequest.Builder b = request(path, key);
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return send(b.build());
  }

  Response delete(String path, String key) throws Exception {
    return send(request(path, key).DELETE().build());
  }

  /** A GET whose body is kept as bytes (downloads), with optional extra header pairs. */
  HttpResponse<byte[]> getBytes(String path, String key, String... headers) throws Exception {
    HttpRequest.Builder b = request(path, key).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Response upload(String conversationId, String key, Multipart body) throws Exception {
    return send(request("/api/v1/conversations/" + conversationId + "/files", key)
        .header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body.body())).build());
  }

  static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  Response send(HttpRequest req) throws Exception {
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Response(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
  }

  record Response(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** Asserts a problem+json answer with this status and problem type. */
    JsonNode problem(int expectedStatus, String type) throws IOException {
      assertEquals(expectedStatus, status, body);
      assertEquals("application/problem+json", contentType.split(";")[0], body);
      JsonNode p = json();
      assertEquals(expectedStatus, p.get("status").asInt(), body);
      assertEquals("https://tapline.io/problems/" + type, p.get("type").asText(), body);
      return p;
    }
  }

  String createConversation(String key, String title) throws Exception {
    Response r = post("/api/v1/conversations", key, "{\"title\":\"" + title + "\"}");
    assertEquals(201, r.status(), r.body());
    return r.json().get("id").asText();
  }

  String issueToken(String key, String conversationId, String participant, String role) throws Exception {
    Response r = post("/api/v1/conversations/" + conversationId + "/tokens", key,
        "{\"participantId\":\"" + participant + "\",\"name\":\"" + participant + "\",\"role\":\"" + role + "\"}");
    assertEquals(201, r.status(), r.body());
    return r.json().get("token").asText();
  }

  /**
   * A recording of {@code app}'s new conversation, finalized; returns its id. The recording is what
   * the tap writes (three participants, 160x90 VP8 + Opus, synthetic, bob speaking from 1 s), placed
   * where the SFU would, then finalized by the app's own finalize launcher with a small grid MP4.
   */
  String finalizedRecording(String key, String app, double seconds) throws Exception {
    String conv = createConversation(key, "Composed");
    String rec = "rec-" + conv.substring(5, 17);
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(props.recordingsDir().resolve(conv).resolve(rec))
        .ids(rec, conv).duration(seconds).segmentSeconds(1);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240).tone(440);
    b.participant("bob", "Bob").video(160, 90, 15).color(145, 54, 34).tone(550);
    b.participant("carol", "Carol").video(160, 90, 15).color(41, 240, 110).tone(660);
    b.event(1.0, EventType.ACTIVE_SPEAKER_CHANGED, "bob", "bob-mic", Map.of());
    Manifest m = b.build().readManifest();
    // What the indexer wrote when the recording ran, and a small finalize composition to keep it quick.
    index.conversations().save(conv, "Composed", ConversationStatus.ENDED, null, null,
        "{\"applicationId\":\"" + app + "\",\"record\":false,\"compositions\":[{\"layout\":\"grid\","
            + "\"format\":\"mp4\",\"width\":320,\"height\":180,\"fps\":15}]}", Instant.now());
    index.recordings().save(new Recording(rec, conv, RecordingStatus.STOPPED,
        Instant.ofEpochSecond(0, m.startedMicros() * 1000), null, null, null, null), Instant.now());
    finalizer.launch(rec);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String status = "";
    while (System.nanoTime() < deadline) {
      status = get("/api/v1/recordings/" + rec, key).json().get("status").asText();
      if (status.equals("available") || status.equals("failed")) {
        break;
      }
      Thread.sleep(250);
    }
    assertEquals("available", status, get("/api/v1/recordings/" + rec, key).body());
    return rec;
  }

  /** Polls a composition until it is available or failed (2 min), checking its progress only grows. */
  JsonNode awaitComposition(String key, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode c = null;
    double lastProgress = 0;
    while (System.nanoTime() < deadline) {
      c = get("/api/v1/compositions/" + id, key).json();
      String s = c.get("status").asText();
      org.junit.jupiter.api.Assertions.assertTrue(c.get("progress").asDouble() >= lastProgress - 1e-9, "progress only grows: " + c);
      lastProgress = c.get("progress").asDouble();
      if (s.equals("available") || s.equals("failed")) {
        return c;
      }
      Thread.sleep(250);
    }
    return c;
  }

  /**
   * The stop launched the finalize batch job (per-track files and a grid composition of this
   * recording, stored): wait for it with the browsers closed, so that it neither races them for
   * the CPU nor delays the next test's job, and check it made the recording available.
   */
  void awaitFinalized(String key, String recordingId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    JsonNode rec = null;
    while (System.nanoTime() < deadline) {
      rec = get("/api/v1/recordings/" + recordingId, key).json();
      String status = rec.path("status").asText();
      String job = rec.path("finalization").path("status").asText();
      if ((status.equals("available") || status.equals("failed"))
          && !job.isEmpty() && !job.equals("STARTING") && !job.equals("STARTED")) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals("available", rec.path("status").asText(), String.valueOf(rec));
    assertEquals("COMPLETED", rec.path("finalization").path("status").asText(), String.valueOf(rec));
  }

  /**
   * For a test class that needs its own application context (other settings): its own data
   * directory and Quartz scheduler name, so its H2 database, Quartz store and scheduler, job
   * repository and recordings are not the shared context's (two live contexts on one database run each other's triggers and start-up
   * recoveries). Added after the dynamic properties, so it wins over {@link #DATA_DIR}. Use with
   * {@code @DirtiesContext}, so the context is closed when the class is done.
   */
  static final class OwnDataDir
      implements org.springframework.context.ApplicationContextInitializer<
          org.springframework.context.ConfigurableApplicationContext> {
    @Override
    public void initialize(org.springframework.context.ConfigurableApplicationContext context) {
      try {
        Path dir = Files.createTempDirectory("tapline-app-it-own");
        // Quartz keeps schedulers in a JVM-wide repository by name: a context of its own needs its
        // own name too, or it shares (and on close shuts down) the shared context's scheduler.
        context.getEnvironment().getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource(
            "own-data-dir", Map.of("tapline.data-dir", dir.toString(),
                "tapline.jobs.quartz.scheduler-name", "tapline-it-" + dir.getFileName())));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
