package io.tapline.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.TaplineApplication;
import io.tapline.app.auth.ApiKeys;
import io.tapline.app.cli.ApiClient;
import io.tapline.app.demo.SyntheticParticipant.Look;
import io.tapline.app.demo.SyntheticParticipant.MediaSettings;
import io.tapline.compositor.synthetic.YuvPicture.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tapline's main job on the embedded default, end to end, as a person would watch it: starts the
 * service (H2 index, in-process S3-compatible server, SFU, jobs; everything on 127.0.0.1 on free
 * ports, data in a fresh directory), creates an API key, a conversation that asks for a grid MP4,
 * and three join tokens through the REST API; three synthetic participants join through the
 * signaling WebSocket and send real RTP and RTCP (A and B from the start, C joins, B leaves); the
 * recording is started and stopped through REST; the finalize job stores per-track files and the
 * composition; the demo downloads them through their presigned URLs (checking their SHA-256) and
 * shuts the service down.
 */
public final class Demo {
  /**
   * @param directory the service's data directory (created; must not exist or be empty)
   * @param recording how long the recording runs
   * @param joinAt when, after the recording started, C joins
   * @param leaveAt when B leaves
   * @param finalizeTimeout the longest to wait for the finalize job
   * @param keepRunning after the downloads, keep the service up (presigned URLs stay valid) until
   *     the process is stopped
   */
  public record Options(Path directory, Duration recording, Duration joinAt, Duration leaveAt,
      MediaSettings media, Duration finalizeTimeout, boolean keepRunning) {
    public Options {
      if (recording.compareTo(Duration.ofSeconds(2)) < 0) {
        throw new IllegalArgumentException("record at least 2 seconds");
      }
      if (joinAt.isNegative() || leaveAt.compareTo(joinAt) <= 0 || leaveAt.compareTo(recording) >= 0) {
        throw new IllegalArgumentException("need 0 <= join (" + joinAt + ") < leave (" + leaveAt + ") < recording ("
            + recording + ")");
      }
    }

    public static Options defaults(Path directory) {
      return new Options(directory, Duration.ofSeconds(20), Duration.ofSeconds(6), Duration.ofSeconds(14),
          MediaSettings.DEFAULT, Duration.ofMinutes(10), false);
    }
  }

  /** A downloaded file: where it is now, the presigned URL it came from, what the index says of it. */
  public record Download(String name, Path file, URI url, long size, String sha256) {}

  /** What the demo made. */
  public record Result(Path directory, String conversationId, String recordingId, Duration recorded,
      List<Download> compositions, List<Download> tracks, Duration finalizeTime) {}

  static final List<Look> PARTICIPANTS = List.of(
      new Look("alice", "Alice", new Color(73, 200, 104), 440),    // blue
      new Look("bob", "Bob", new Color(112, 72, 58), 554.37),      // green
      new Look("carol", "Carol", new Color(82, 90, 240), 659.25)); // red

  private final Options options;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  public Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    Path dir = options.directory().toAbsolutePath().normalize();
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(dir + " is not empty: the demo starts from a fresh directory");
        }
      }
    }
    Files.createDirectories(dir);
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    say("Tapline demo: data in %s", dir);
    say("starting the service (H2 index, embedded S3, SFU, jobs; 127.0.0.1, free ports; log in %s)",
        dir.resolve("tapline.log"));
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TaplineApplication.class)
        .run("--tapline.data-dir=" + dir, "--server.port=0", "--tapline.media.segment-duration=5s",
            "--logging.file.name=" + dir.resolve("tapline.log"), "--logging.threshold.console=WARN");
    try {
      Result r = drive(ctx, dir);
      if (options.keepRunning()) {
        say("the service keeps running (presigned URLs stay valid): stop it with Ctrl-C");
        while (ctx.isActive()) {
          Thread.sleep(1000);
        }
      }
      return r;
    } finally {
      if (ctx.isActive()) {
        say("shutting the service down");
        ctx.close();
      }
      say("done in %.1f s", seconds(System.nanoTime() - startNanos));
    }
  }

  private Result drive(ConfigurableApplicationContext ctx, Path dir) throws Exception {
    int port = ctx.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    say("service up on %s (REST %sapi/v1, signaling ws://127.0.0.1:%d/signaling)", base, base, port);

    String key = ctx.getBean(ApiKeys.class).create("demo").secret();
    say("API key created for application 'demo' (%s...)", key.substring(0, Math.min(10, key.length())));
    ApiClient api = new ApiClient(base, key, Duration.ofSeconds(30));

    JsonNode conv = api.post("/conversations", Map.of("title", "Tapline demo",
        "compositions", List.of(Map.of("layout", "grid", "format", "mp4", "width", 1280, "height", 720, "fps", 30))));
    String conversationId = conv.get("id").asText();
    say("conversation %s created (finalize renders a 1280x720 grid MP4)", conversationId);

    Map<String, SyntheticParticipant> people = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    String signalingPath = "/signaling";
    for (Look look : PARTICIPANTS) {
      JsonNode t = api.post("/conversations/" + conversationId + "/tokens",
          Map.of("participantId", look.id(), "name", look.name(), "role", "publisher"));
      tokens.put(look.id(), t.get("token").asText());
      signalingPath = t.path("signalingPath").asText(signalingPath);
      people.put(look.id(), new SyntheticParticipant(look, options.media()));
    }
    say("join tokens issued for %s", String.join(", ", tokens.keySet()));
    URI signaling = URI.create("ws://127.0.0.1:" + port + signalingPath);

    String recordingId;
    long recordingStart;
    long recordingStop;
    Duration recordingLength;
    try {
      SyntheticParticipant alice = people.get("alice");
      SyntheticParticipant bob = people.get("bob");
      SyntheticParticipant carol = people.get("carol");
      joinAndPublish(alice, signaling, conversationId, tokens);
      joinAndPublish(bob, signaling, conversationId, tokens);
      Thread.sleep(1500); // media flowing before the recording starts

      // The timeline counts from when the start was asked for, as the stop will be: the tap acts
      // a request's latency after each, so the recording lasts what the timeline says.
      recordingStart = System.nanoTime();
      JsonNode rec = api.post("/conversations/" + conversationId + "/recordings", null);
      recordingId = rec.get("recordingId").asText();
      Instant startedAt = Instant.parse(rec.get("startedAt").asText());
      say("recording %s started (REST); recording %d s", recordingId, options.recording().toSeconds());

      sleepUntil(recordingStart, options.joinAt());
      joinAndPublish(carol, signaling, conversationId, tokens);
      sleepUntil(recordingStart, options.leaveAt());
      bob.leave();
      say("%s left after %d packets", bob.look().name(), bob.packetsSent());
      sleepUntil(recordingStart, options.recording());

      recordingStop = System.nanoTime();
      JsonNode stopped = api.post("/recordings/" + recordingId + "/stop", null);
      Duration recorded = stopped.hasNonNull("stoppedAt")
          ? Duration.between(startedAt, Instant.parse(stopped.get("stoppedAt").asText()))
          : Duration.ofNanos(recordingStop - recordingStart);
      recordingLength = recorded;
      say("recording stopped (REST) after %.1f s; the finalize job runs", seconds(recorded.toNanos()));
      for (SyntheticParticipant p : List.of(alice, carol)) {
        p.leave();
        say("%s left after %d packets", p.look().name(), p.packetsSent());
      }
    } finally {
      people.values().forEach(SyntheticParticipant::close);
    }

    JsonNode ready = awaitAvailable(api, recordingId);
    Duration finalizeTime = Duration.ofNanos(System.nanoTime() - recordingStop);
    say("recording %s is AVAILABLE (recording.ready) %.1f s after the stop", recordingId,
        seconds(finalizeTime.toNanos()));

    Path downloads = Files.createDirectories(dir.resolve("downloads").resolve(recordingId));
    List<Download> compositions = new ArrayList<>();
    for (JsonNode c : ready.path("compositions")) {
      compositions.add(download(api, downloads, c.path("compositionId").asText(), c.path("file")));
    }
    List<Download> tracks = new ArrayList<>();
    for (JsonNode t : ready.path("tracks")) {
      tracks.add(download(api, downloads, t.path("trackId").asText(), t.path("file")));
    }
    printSummary(compositions, tracks, ready);
    return new Result(dir, conversationId, recordingId, recordingLength,
        compositions, tracks, finalizeTime);
  }

  private void joinAndPublish(SyntheticParticipant p, URI signaling, String conversationId, Map<String, String> tokens)
      throws IOException, InterruptedException {
    p.join(signaling, conversationId, tokens.get(p.look().id()));
    p.publish();
    say("%s joined and publishes %s-cam (VP8 %dx%d@%d) and %s-mic (Opus, %.0f Hz tone)", p.look().name(),
        p.look().id(), options.media().width(), options.media().height(), options.media().fps(), p.look().id(),
        p.look().toneHz());
  }

  private JsonNode awaitAvailable(ApiClient api, String recordingId) throws Exception {
    long deadline = System.nanoTime() + options.finalizeTimeout().toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      JsonNode r = api.get("/recordings/" + recordingId);
      String status = r.path("status").asText();
      String step = r.path("finalization").path("step").asText("-");
      String seen = status + "/" + step;
      if (!seen.equals(last)) {
        say("  recording %s, finalize step %s", status, step);
        last = seen;
      }
      if (status.equals("available")) {
        return r;
      }
      if (status.equals("failed")) {
        throw new IOException("the finalize job failed: " + r.path("finalization").path("error").asText(r.toString()));
      }
      Thread.sleep(500);
    }
    throw new IOException("recording " + recordingId + " not available within " + options.finalizeTimeout());
  }

  private Download download(ApiClient api, Path into, String name, JsonNode file) throws Exception {
    if (file.isMissingNode() || file.isNull() || !file.hasNonNull("url")) {
      throw new IOException(name + " has no stored file with a download URL: " + file);
    }
    String objectKey = file.get("objectKey").asText();
    Path target = into.resolve(objectKey.substring(objectKey.lastIndexOf('/') + 1));
    URI url = URI.create(file.get("url").asText());
    String sha = api.download(url, target, file.path("sha256").asText(), n -> { }).sha256();
    return new Download(name, target, url, Files.size(target), sha);
  }

  private void printSummary(List<Download> compositions, List<Download> tracks, JsonNode ready) {
    say("downloaded through the presigned URLs (SHA-256 checked against the index):");
    for (Download d : compositions) {
      out.printf(Locale.ROOT, "  composition  %s  (%d bytes)%n    %s%n", d.file(), d.size(), d.url());
    }
    for (Download d : tracks) {
      out.printf(Locale.ROOT, "  track %-10s %s  (%d bytes)%n    %s%n", d.name(), d.file(), d.size(), d.url());
    }
    String expires = ready.path("compositions").path(0).path("file").path("urlExpiresAt").asText("?");
    out.printf(Locale.ROOT, "  URLs expire at %s and work while the service runs (%s).%n", expires,
        options.keepRunning() ? "it keeps running" : "it stops now; --keep-running keeps it up");
  }

  private static void sleepUntil(long startNanos, Duration after) throws InterruptedException {
    long wait = startNanos + after.toNanos() - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds(System.nanoTime() - startNanos),
        String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
