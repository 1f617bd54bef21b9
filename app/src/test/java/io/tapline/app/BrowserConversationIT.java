package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
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
          assertTrue(b.await("window.tapline.ready").asBoolean(), b.name + " did not join and publish: "
              + b.consoleLog());
        }
        // Everyone receives everything the others publish: 2 x (camera + microphone), + carol's screen.
        MediaProgress media = new MediaProgress(browsers, Map.of("alice", List.of("camera", "microphone"),
            "bob", List.of("camera", "microphone"), "carol", List.of("camera", "microphone", "screen")));
        Map<String, JsonNode> first = media.await(Map.of());
        Map<String, JsonNode> later = media.await(first);
        log.info("browser stats after media flowed: {}", later);

        Map<String, Long> sentBefore = media.framesSent();
        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        recordingId = started.json().get("recordingId").asText();
        Map<String, Long> sentAtStart = media.framesSent();
        Thread.sleep(20_000);
        Map<String, Long> sentAtStop = media.framesSent();
        // framesSent counts frames handed to the sender's pacer; on a loaded machine their packets
        // can wait there a while: let them reach the SFU before the recording stops.
        Thread.sleep(2_000);
        Response stopped = post("/api/v1/recordings/" + recordingId + "/stop", key, null);
        assertEquals(200, stopped.status(), stopped.body());
        log.info("frames sent before start {}, after start {}, before stop {}", sentBefore, sentAtStart, sentAtStop);

        Path dir = DATA_DIR.resolve("recordings").resolve(conv).resolve(recordingId);
        log.info("browser stats at the end: {}", media.await(later));
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
      long decoded = Ffprobe.countVideoFrames(report.output());
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
}
