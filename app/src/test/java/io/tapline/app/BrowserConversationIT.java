package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three headless Chromium browsers (Debian's chromium + chromedriver, driven over the W3C
 * WebDriver HTTP API) join one conversation through the served example page and
 * tapline-client.js: each publishes its fake camera and microphone over WebRTC, one also a screen
 * (a canvas captureStream: getDisplayMedia needs a real display), and each receives every other
 * participant's tracks, checked with getStats (framesDecoded and audio packetsReceived grow on
 * every remote track). A recording started through REST during the call is exported per track
 * (TrackExporter, no re-encoding) and ffprobe decodes at least 90% of the frames the publishers'
 * outbound-rtp stats say they sent while it ran. Skipped when chromium, chromedriver or ffprobe
 * is missing (.ci/test installs them as root).
 */
class BrowserConversationIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(BrowserConversationIT.class);
  private static final List<String> NAMES = List.of("alice", "bob", "carol");
  private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(90);

  @Test
  void threeBrowsersSeeAndHearEachOtherAndTheRecordingHasTheirFrames() throws Exception {
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffprobe")), "needs ffprobe");
    String key = newKey("browsers");
    String conv = createConversation(key, "Browsers");
    Path driverLog = Files.createTempFile("chromedriver", ".log");
    String recordingId;
    try (ChromeDriver driver = new ChromeDriver(driverLog)) {
      Map<String, ChromeDriver.Browser> browsers = new LinkedHashMap<>();
      for (String name : NAMES) {
        String token = issueToken(key, conv, name, "publisher");
        ChromeDriver.Browser b = driver.open(name);
        String screen = name.equals("carol") ? "&screen=canvas" : "";
        // simulcast=0: the frame count check below compares one outbound stream per track
        b.navigate(base() + "/example.html?auto=1&camera=1&w=320&h=240&fps=15&simulcast=0" + screen
            + "&conversation=" + conv + "&token=" + token);
        browsers.put(name, b);
      }
      try {
        for (ChromeDriver.Browser b : browsers.values()) {
          JsonNode ready = b.executeAsync(
              "const done = arguments[arguments.length - 1]; window.tapline.ready.then(done, e => done(String(e)));");
          assertTrue(ready.asBoolean(), b.name + " did not join and publish: " + b.consoleLog());
        }
        // Everyone receives everything the others publish: 2 x (camera + microphone), + carol's screen.
        Map<String, JsonNode> first = awaitMedia(browsers, Map.of());
        Map<String, JsonNode> later = awaitMedia(browsers, first);
        log.info("browser stats after media flowed: {}", later);

        Map<String, Long> sentBefore = framesSent(browsers);
        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        recordingId = started.json().get("recordingId").asText();
        Map<String, Long> sentAtStart = framesSent(browsers);
        Thread.sleep(20_000);
        Map<String, Long> sentAtStop = framesSent(browsers);
        // framesSent counts frames handed to the sender's pacer; on a loaded machine their packets
        // can wait there a while: let them reach the SFU before the recording stops.
        Thread.sleep(2_000);
        Response stopped = post("/api/v1/recordings/" + recordingId + "/stop", key, null);
        assertEquals(200, stopped.status(), stopped.body());
        log.info("frames sent before start {}, after start {}, before stop {}", sentBefore, sentAtStart, sentAtStop);

        Path dir = DATA_DIR.resolve("recordings").resolve(conv).resolve(recordingId);
        log.info("browser stats at the end: {}", awaitMedia(browsers, later));
        checkRecording(dir, sentAtStart, sentAtStop);
      } catch (AssertionError | Exception e) {
        for (ChromeDriver.Browser b : browsers.values()) {
          log.error("page log of {}:\n{}", b.name, b.consoleLog());
        }
        throw e;
      }
    }
    awaitFinalized(key, recordingId);
  }

  /**
   * The stop launched the finalize batch job (per-track files and a grid composition of this
   * recording, stored): wait for it with the browsers closed, so that it neither races them for
   * the CPU nor delays the next test's job, and check it made the recording available.
   */
  private void awaitFinalized(String key, String recordingId) throws Exception {
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
   * Waits until every browser decodes video and receives audio on every track the others publish,
   * more than in {@code previous} when given.
   */
  private Map<String, JsonNode> awaitMedia(Map<String, ChromeDriver.Browser> browsers,
      Map<String, JsonNode> previous) throws Exception {
    long deadline = System.nanoTime() + MEDIA_DEADLINE.toNanos();
    Map<String, JsonNode> now = new HashMap<>();
    List<String> missing = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      missing.clear();
      for (var e : browsers.entrySet()) {
        JsonNode s = summary(e.getValue());
        now.put(e.getKey(), s);
        for (String other : NAMES) {
          if (other.equals(e.getKey())) {
            continue;
          }
          List<String> sources = other.equals("carol")
              ? List.of("camera", "microphone", "screen") : List.of("camera", "microphone");
          for (String source : sources) {
            long v = progress(s, other, source);
            long before = previous.isEmpty() ? 0 : progress(previous.get(e.getKey()), other, source);
            if (v <= before) {
              missing.add(e.getKey() + "<-" + other + "/" + source + " (" + v + ")");
            }
          }
        }
      }
      if (missing.isEmpty()) {
        return now;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("media did not flow everywhere within " + MEDIA_DEADLINE + ": " + missing
        + "\nstats: " + now);
  }

  /** framesDecoded of a remote video track, packetsReceived of a remote audio track; -1 when absent. */
  private static long progress(JsonNode summary, String participant, String source) {
    for (JsonNode in : summary.path("inbound")) {
      if (participant.equals(in.path("participantId").asText()) && source.equals(in.path("source").asText())) {
        return in.path("kind").asText().equals("video")
            ? in.path("framesDecoded").asLong() : in.path("packetsReceived").asLong();
      }
    }
    return -1;
  }

  private static JsonNode summary(ChromeDriver.Browser b) throws Exception {
    return b.executeAsync("const done = arguments[arguments.length - 1];"
        + " window.tapline.summary().then(done, e => done({error: String(e)}));");
  }

  /** framesSent of every published video track, by track id. */
  private static Map<String, Long> framesSent(Map<String, ChromeDriver.Browser> browsers) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ChromeDriver.Browser b : browsers.values()) {
      for (JsonNode o : summary(b).path("outbound")) {
        if (o.path("kind").asText().equals("video")) {
          out.put(o.path("trackId").asText(), o.path("framesSent").asLong());
        }
      }
    }
    return out;
  }

  private void checkRecording(Path dir, Map<String, Long> sentAtStart, Map<String, Long> sentAtStop)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Path manifest = dir.resolve(RecordingDirectory.MANIFEST);
    while (!Files.exists(manifest) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(Files.exists(manifest), "no manifest in " + dir);
    Path out = Files.createTempDirectory("browser-export");
    TrackExporter exporter = new TrackExporter();
    assertEquals(4, sentAtStop.size(), "three cameras and a screen: " + sentAtStop);
    for (var e : sentAtStop.entrySet()) {
      String trackId = e.getKey();
      long sent = e.getValue() - sentAtStart.get(trackId);
      ExportReport report = exporter.export(new RecordingDirectory(dir), trackId, out.resolve(trackId + ".webm"));
      assertTrue(report.written(), "track " + trackId + " was not exported: " + report);
      long decoded = countFrames(report.output());
      log.info("track {}: {} frames sent while recording, {} decoded from the recording ({}%); export {}", trackId,
          sent, decoded, sent == 0 ? 0 : decoded * 100 / sent, report);
      assertTrue(sent >= 20, "the browser sent too few frames to judge: " + sent);
      assertTrue(decoded >= sent * 9 / 10,
          "track " + trackId + ": " + decoded + " frames decoded from the recording, " + sent + " sent");
    }
    for (String name : NAMES) {
      String mic = name + "-microphone-0";
      ExportReport audio = exporter.export(new RecordingDirectory(dir), mic, out.resolve(mic + ".ogg"));
      assertTrue(audio.written() && audio.durationMicros() > 5_000_000, "audio of " + name + ": " + audio);
    }
  }

  /** Frames ffprobe decodes from a file. */
  private static long countFrames(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe failed on " + file + ": " + text);
    return Long.parseLong(text.lines().reduce((a, b) -> b).orElse("0").trim());
  }
}
