package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tapline.jobs.db.DatabaseVendor;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Segment;
import io.tapline.storage.index.StoredRef;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: stop the app mid-finalization, start it again, the recording completes and no file is
 * lost. The packaged application ({@code target/tapline-app.jar}, built in the package phase) runs
 * in a child JVM on one data directory; two plain-RTP senders publish through signaling; the
 * recording is stopped through REST, which launches the finalize job; while the job writes its
 * composition the JVM is stopped, first gracefully (SIGTERM: the job stops at a step boundary),
 * later with kill -9 (the job is left running in the repository). Each time a new JVM on the same
 * data directory resumes the job by itself, and the test checks the recording is AVAILABLE,
 * {@code recording.ready} reached the webhook receiver once, every output is stored once with the
 * SHA-256 its row names, and every segment of the manifest is stored and indexed.
 */
class AppRestartIT {
  private static final String SECRET = "restart-secret-0123456789-0123456789-abc";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path JAR = Path.of("target", "tapline-app.jar").toAbsolutePath();

  @TempDir Path tmp;
  Path data;
  HttpServer receiver;
  final List<String> hooks = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  App app;

  @BeforeEach
  void setUp() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "the packaged app is built before ITs run");
    data = tmp.resolve("data");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes());
      hooks.add(ex.getRequestHeaders().getFirst("Tapline-Delivery-Id") + " " + body);
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.stop(false);
    }
    receiver.stop(0);
  }

  @Test
  void aRecordingStoppedMidFinalizationCompletesAfterARestartWithNothingLost() throws Exception {
    String key = apiKey("restart");
    subscribe("restart", URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
        + "/hook"));
    // H2 refuses DB_CLOSE_ON_EXIT=FALSE with AUTO_SERVER (the default index URL), and without it
    // H2's own shutdown hook closes the index while the job is being stopped. The first run uses
    // the index without AUTO_SERVER, as a PostgreSQL index would behave; the later runs the
    // default URL, so this test can read the index while they run.
    app = App.start(this, "first", "-Dtapline.storage.index-url=jdbc:h2:file:"
        + data.resolve("index").resolve("tapline-index") + ";DB_CLOSE_ON_EXIT=FALSE",
        "-Dtapline.storage.index-user=sa");

    // 1. SIGTERM while the composition is written: the job stops at the step boundary.
    Recorded first = recordAndStop(key, "Graceful");
    awaitComposing(key, first);
    app.stop(false);
    String firstLog = app.log();
    assertTrue(firstLog.contains("every job execution of this worker stopped"), tail(firstLog));
    app = App.start(this, "second");
    awaitAvailable(key, first);
    assertEquals(List.of("STOPPED", "COMPLETED"), executions(first.recordingId), tail(app.log()));
    assertFinalizedOnce(first);

    // 2. kill -9 while the composition is written: the job is left STARTED, failed as abandoned
    //    at the next start-up and resumed.
    Recorded second = recordAndStop(key, "Killed");
    awaitComposing(key, second);
    app.stop(true);
    app = App.start(this, "third");
    awaitAvailable(key, second);
    assertEquals(List.of("FAILED", "COMPLETED"), executions(second.recordingId),
        tail(app.log()));
    assertTrue(app.log().contains("finalize resumed at start-up"), tail(app.log()));
    assertFinalizedOnce(second);
    assertFinalizedOnce(first); // the first recording is untouched by the second restart

    // recording.ready once per recording, even after time for a duplicate to arrive
    Thread.sleep(3000);
    for (Recorded r : List.of(first, second)) {
      List<String> ready = hooks.stream()
          .filter(h -> h.contains("\"recording.ready\"") && h.contains(r.recordingId)).toList();
      assertEquals(1, ready.size(), hooks.toString());
    }
  }

  // ---- the scenario's steps

  record Recorded(String conversationId, String recordingId) {}

  /** Two publishers send Opus for about five seconds while the conversation is recorded. */
  private Recorded recordAndStop(String key, String title) throws Exception {
    String conv = app.post("/api/v1/conversations", key, "{\"title\":\"" + title + "\"}")
        .get("id").asText();
    List<WsClient> sockets = new ArrayList<>();
    List<DatagramChannel> channels = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    try {
      for (String who : List.of("alice", "bob")) {
        String token = app.post("/api/v1/conversations/" + conv + "/tokens", key,
            "{\"participantId\":\"" + who + "\",\"name\":\"" + who
                + "\",\"role\":\"publisher\"}").get("token").asText();
        WsClient ws = new WsClient("ws://127.0.0.1:" + app.port + "/signaling");
        sockets.add(ws);
        ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
            + "\",\"token\":\"" + token + "\"}");
        ws.await("joined");
        ws.send("{\"type\":\"publish\",\"id\":\"2\",\"track\":{\"trackId\":\"" + who
            + "-mic\",\"kind\":\"audio\",\"source\":\"microphone\",\"codec\":\"opus\","
            + "\"payloadType\":111,\"clockRate\":48000,\"channels\":2}}");
        JsonNode published = ws.await("published");
        InetSocketAddress target = new InetSocketAddress(
            published.get("rtp").get("host").asText(), published.get("rtp").get("port").asInt());
        DatagramChannel ch = DatagramChannel.open();
        channels.add(ch);
        int ssrc = who.hashCode();
        Thread t = new Thread(() -> sendOpus(ch, target, ssrc, sending), "rtp-" + who);
        senders.add(t);
        t.start();
      }
      Thread.sleep(300);
      String recordingId = app.post("/api/v1/conversations/" + conv + "/recordings", key, null)
          .get("recordingId").asText();
      Thread.sleep(5000);
      JsonNode stopped = app.post("/api/v1/recordings/" + recordingId + "/stop", key, null);
      assertEquals("stopped", stopped.get("status").asText(), stopped.toString());
      return new Recorded(conv, recordingId);
    } finally {
      sending.set(false);
      for (Thread t : senders) {
        t.join(5000);
      }
      for (DatagramChannel ch : channels) {
        ch.close();
      }
      for (WsClient ws : sockets) {
        ws.close();
      }
    }
  }

  /** Until the job runs its compose step and a composition is being written (a .part file). */
  private void awaitComposing(String key, Recorded r) throws Exception {
    Path compositions = data.resolve("work").resolve(r.recordingId).resolve("compositions");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = app.get("/api/v1/recordings/" + r.recordingId, key);
      JsonNode f = last.path("finalization");
      if (f.path("status").asText().equals("COMPLETED")) {
        throw new AssertionError("finalized before it could be interrupted: " + last);
      }
      if (f.path("step").asText().equals("compose") && partialExists(compositions)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the job never reached the composition: " + last);
  }

  private void awaitAvailable(String key, Recorded r) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = app.get("/api/v1/recordings/" + r.recordingId, key);
      if (last.get("status").asText().equals("available")
          && last.path("finalization").path("status").asText().equals("COMPLETED")) {
        return;
      }
      assertFalse(last.get("status").asText().equals("failed"), last + "\n" + tail(app.log()));
      Thread.sleep(250);
    }
    throw new AssertionError("never available: " + last + "\n" + tail(app.log()));
  }

  /**
   * Every segment of the tap's manifest is stored and indexed once with the tap file's SHA-256;
   * each track file and composition is stored once with its row's SHA-256; nothing else of the
   * recording is in the bucket.
   */
  private void assertFinalizedOnce(Recorded r) throws Exception {
    Path tapDir = data.resolve("recordings").resolve(r.conversationId).resolve(r.recordingId);
    JsonNode manifest = JSON.readTree(tapDir.resolve("manifest.json").toFile());
    Path bucket = data.resolve("s3").resolve("tapline");
    String prefix = "conversations/" + r.conversationId + "/recordings/" + r.recordingId + "/";
    Map<String, String> expected = new TreeMap<>(); // key -> sha256
    try (IndexDatabase index = IndexDatabase.open(IndexSettings.h2(data.resolve("index")))) {
      assertEquals("AVAILABLE", index.recordings().get(r.recordingId).status().name());
      List<Segment> segments = index.recordings().segments(r.recordingId);
      int inManifest = 0;
      for (JsonNode t : manifest.get("tracks")) {
        for (JsonNode s : t.get("segments")) {
          inManifest++;
          Segment row = segments.stream().filter(x -> x.trackId().equals(t.get("trackId")
              .asText()) && x.index() == s.get("index").asInt()).findFirst()
              .orElseThrow(() -> new AssertionError("segment not indexed: " + s));
          assertEquals(sha256(tapDir.resolve(s.get("file").asText())), row.object().sha256(),
              "the stored segment is the tap's " + s);
          expected.put(row.object().key(), row.object().sha256());
        }
      }
      assertEquals(2, manifest.get("tracks").size(), manifest.toString());
      assertTrue(inManifest >= 4, "segments rolled every second: " + manifest);
      assertEquals(inManifest, segments.size(), "no segment lost or doubled");
      var tracks = index.recordings().tracks(r.recordingId);
      assertEquals(2, tracks.size());
      for (var t : tracks) {
        assertTrue(t.file() != null, "track file stored: " + t);
        expected.put(t.file().key(), t.file().sha256());
      }
      var compositions = index.recordings().compositions(r.recordingId);
      assertEquals(1, compositions.size(), compositions.toString());
      StoredRef c = compositions.get(0).object();
      assertTrue(c.key().endsWith(".mp4"), c.key());
      expected.put(c.key(), c.sha256());
    }
    Map<String, String> stored = new TreeMap<>();
    try (Stream<Path> files = Files.walk(bucket.resolve(prefix))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        stored.put(bucket.relativize(p).toString().replace('\\', '/'), sha256(p));
      }
    }
    expected.keySet().forEach(k -> assertTrue(k.startsWith(prefix), k));
    stored.remove(prefix + "manifest.json");
    assertEquals(expected, stored, "exactly the expected objects, with their rows' SHA-256");
  }

  // ---- the child JVM

  /** One run of the packaged application on the test's data directory. */
  static final class App {
    final Process process;
    final Path log;
    final int port;
    private final HttpClient http;

    private App(Process process, Path log, int port, HttpClient http) {
      this.process = process;
      this.log = log;
      this.port = port;
      this.http = http;
    }

    static App start(AppRestartIT it, String name, String... jvmOptions) throws Exception {
      return start(it.tmp, it.data, it.http, name, jvmOptions);
    }

    /** Starts the jar on {@code data}, its output in {@code tmp/name.log}; waits for health. */
    static App start(Path tmp, Path data, HttpClient http, String name, String... jvmOptions)
        throws Exception {
      int port = freePort();
      Path log = tmp.resolve(name + ".log");
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
          "-Dtapline.tokens.secret=" + SECRET,
          "-Dtapline.media.segment-duration=1s",
          "-Dtapline.conversations.empty-grace=2s",
          "-Dtapline.jobs.quartz.idle-wait-time=1s",
          "-Dtapline.jobs.webhooks.poll-interval=200ms",
          "-Dtapline.jobs.batch.shutdown-grace=90s"));
      cmd.addAll(List.of(jvmOptions));
      cmd.addAll(List.of("-jar", JAR.toString(), "serve", "--data-dir", data.toString(),
          "--port", Integer.toString(port)));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      App app = new App(p, log, port, http);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          throw new AssertionError("the app exited with " + p.exitValue() + ":\n"
              + tail(app.log()));
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/actuator/health"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return app;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      p.destroyForcibly();
      throw new AssertionError("the app did not start in time:\n" + tail(app.log()));
    }

    /** SIGTERM (graceful) or SIGKILL; waits for the JVM to end. */
    void stop(boolean kill) throws InterruptedException {
      if (kill) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
      if (!process.waitFor(150, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the app did not stop on SIGTERM");
      }
    }

    String log() throws IOException {
      return Files.readString(log);
    }

    /** GET of the REST API with an API key; asserts 200. */
    JsonNode get(String path, String key) throws Exception {
      HttpResponse<String> r = http.send(request(path, key).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      return JSON.readTree(r.body());
    }

    /** POST of the REST API with an API key and a JSON body (or none); asserts 200 or 201. */
    JsonNode post(String path, String key, String body) throws Exception {
      HttpRequest.Builder b = request(path, key);
      if (body == null) {
        b.POST(HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.statusCode() + " " + r.body());
      return JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path, String key) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
    }
  }

  // ---- helpers


  /** An API key from the real command line, before the server runs. */
  private String apiKey(String application) throws Exception {
    return apiKey(tmp, data, application);
  }

  static String apiKey(Path tmp, Path data, String application) throws Exception {
    Path out = tmp.resolve("apikey.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", JAR.toString(), "apikey", "create", "--app", application,
        "--data-dir", data.toString()).redirectErrorStream(true).redirectOutput(out.toFile())
        .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "apikey create finished");
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text);
    return text.lines().filter(l -> l.startsWith("tpk_")).findFirst()
        .orElseThrow(() -> new AssertionError("no key printed: " + text));
  }

  /**
   * There is no REST endpoint for webhook subscriptions yet: one row in the app's jobs database
   * (its default file under the data directory), written before the app first starts.
   */
  private void subscribe(String application, URI url) {
    subscribe(data, application, url, Set.of(EventType.RECORDING_READY));
  }

  static void subscribe(Path data, String application, URI url, Set<EventType> types) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + data.resolve("jobs").resolve("tapline-jobs"));
    ds.setUser("sa");
    ds.setPassword("");
    JobsDatabase.migrate(ds, DatabaseVendor.H2);
    new JdbcWebhookSubscriptions(ds, Clock.systemUTC()).create(application, url, types);
  }

  /** The statuses of a recording's finalize executions, oldest first, from the job repository. */
  private List<String> executions(String recordingId) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(
        IndexSettings.h2(data.resolve("index")).jdbcUrl(), "sa", "");
        PreparedStatement ps = c.prepareStatement("SELECT e.STATUS FROM BATCH_JOB_EXECUTION e"
            + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
            + " WHERE p.PARAMETER_NAME = 'recordingId' AND p.PARAMETER_VALUE = ?"
            + " ORDER BY e.JOB_EXECUTION_ID")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static boolean partialExists(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().contains(".part"));
    }
  }

  /**
   * Opus silence frames (a valid 20 ms CELT packet) every 20 ms, as RecordingEndToEndIT. The RTP
   * timestamp follows the wall clock: a sender starved of CPU skips ahead (the frames it missed
   * are lost packets) instead of falling behind, so the media lasts as long as the call.
   */
  static void sendOpus(DatagramChannel ch, InetSocketAddress to, int ssrc,
      AtomicBoolean sending) {
    int seq = 1000;
    long frame = 0;
    long start = System.nanoTime();
    try {
      while (sending.get()) {
        frame = Math.max(frame, (System.nanoTime() - start) / 20_000_000L);
        long ts = 90_000 + frame * 960;
        ByteBuffer b = ByteBuffer.allocate(12 + 3);
        b.put((byte) 0x80).put((byte) 111).putShort((short) seq++).putInt((int) ts).putInt(ssrc);
        b.put((byte) 0xf8).put((byte) 0xff).put((byte) 0xfe);
        b.flip();
        ch.send(b, to);
        frame++;
        long sleepNanos = start + frame * 20_000_000L - System.nanoTime();
        if (sleepNanos > 0) {
          Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
      }
    } catch (Exception e) {
      if (sending.get()) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
