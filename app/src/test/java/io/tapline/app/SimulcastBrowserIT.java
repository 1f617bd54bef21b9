package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.app.browser.UdpShaper;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Simulcast end to end with headless Chromium: alice publishes a 1280x720 fake camera as three
 * layers (q/h/f); bob and carol subscribe. carol's browser reaches the SFU through a {@link
 * UdpShaper} (her subscriber offer's candidate is rewritten to the shaper's port), whose downlink
 * is narrowed to {@link #LIMIT_BPS} (below the top layer's bitrate) and then opened again.
 * getStats must show carol's decoded picture drop below alice's top layer while bob keeps it,
 * then carol's come back to 1280 wide; a recording made meanwhile has the full layer (ffprobe
 * frame sizes). Skipped without chromium, chromedriver or ffprobe.
 *
 * <p>What is not under test here is alice's uplink: her answer gets {@code x-google-min-bitrate}
 * and {@code x-google-start-bitrate} (Chrome's fmtp parameters) so her send-side estimate starts
 * and stays above the three layers' needs. Without that, on the shared 2-core machine at load
 * 30-67, Chrome's GoogCC read our CPU-starved arrival times (transport-cc) as congestion: it took
 * 75-100 s to turn on the top layer, or turned it off again, or never left the lowest (the test
 * was opt-in and passed 1 run in 3). The subscriber side (REMB and receiver reports, {@code
 * DownlinkEstimator}, {@code LayerSelector}, keyframe-timed switches) and the tap are real.
 * Layer choices are logged (DEBUG of {@code PublishedTrack}) with the estimate behind each.
 */
class SimulcastBrowserIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(SimulcastBrowserIT.class);
  private static final long LIMIT_BPS = 300_000;

  /**
   * The floor and start of alice's send-side estimate (kbit/s), above the sum of the three layers'
   * needs, so Chrome never turns its upper layers off because its own uplink estimate fell.
   */
  private static final int PUBLISHER_MIN_KBPS = 2000;
  private static final int PUBLISHER_START_KBPS = 2500;
  /** Logs each subscriber's layer choice (estimate and layer bitrate) while the test runs. */
  private static final String SWITCH_LOGGER = "io.tapline.sfu.forward.PublishedTrack";

  @Autowired WebRtcTransport transport;
  @Autowired MeterRegistry meters;

  @Test
  void aConstrainedSubscriberGetsALowerLayerAndComesBackWhileOthersAndTheTapKeepTheTop() throws Exception {
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffprobe")), "needs ffprobe");
    String key = newKey("simulcast");
    String conv = createConversation(key, "Simulcast");
    int sfuPort = transport.localAddress().getPort();
    Path driverLog = Files.createTempFile("chromedriver", ".log");
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.setLogLevel(SWITCH_LOGGER, LogLevel.DEBUG);
    try (UdpShaper shaper = new UdpShaper(new InetSocketAddress("127.0.0.1", sfuPort), 150);
        ChromeDriver driver = new ChromeDriver(driverLog)) {
      ChromeDriver.Browser alice = driver.open("alice");
      ChromeDriver.Browser bob = driver.open("bob");
      ChromeDriver.Browser carol = driver.open("carol");
      try {
        alice.navigate(base() + "/example.html?w=1280&h=720&fps=10&conversation=" + conv
            + "&token=" + issueToken(key, conv, "alice", "publisher"));
        // the publisher's uplink is not under test: on a loaded machine Chrome's GoogCC reads our
        // CPU-starved arrival times as congestion and turns the upper layers off (see the Javadoc)
        alice.execute("const orig = RTCPeerConnection.prototype.setRemoteDescription;"
            + "RTCPeerConnection.prototype.setRemoteDescription = function (d) {"
            + "  if (d && d.type === 'answer' && d.sdp) d = { type: d.type, sdp: window.pinBitrate(d.sdp) };"
            + "  return orig.call(this, d); };"
            + "window.pinBitrate = sdp => { const fmtp = 'x-google-min-bitrate=" + PUBLISHER_MIN_KBPS
            + ";x-google-start-bitrate=" + PUBLISHER_START_KBPS + "';"
            + "  const lines = sdp.split('\\r\\n'); const out = [];"
            + "  for (const l of lines) { out.push(l); const m = /^a=rtpmap:(\\d+) (VP8|VP9|H264|AV1)\\//.exec(l);"
            + "    if (m) { const i = lines.findIndex(x => x.startsWith('a=fmtp:' + m[1] + ' '));"
            + "      if (i < 0) out.push('a=fmtp:' + m[1] + ' ' + fmtp);"
            + "      else lines[i] = lines[i] + ';' + fmtp; } }"
            + "  return out.join('\\r\\n'); };");
        bob.navigate(base() + "/example.html?auto=1&conversation=" + conv + "&token="
            + issueToken(key, conv, "bob", "subscriber"));
        carol.navigate(base() + "/example.html?conversation=" + conv + "&token="
            + issueToken(key, conv, "carol", "subscriber"));
        // carol talks to the shaper instead of the SFU's port
        carol.execute(shaper.routePageThroughScript());
        JsonNode published = alice.executeAsync("const done = arguments[arguments.length - 1];"
            + " window.tapline.join().then(() => window.tapline.camera()).then(() => done(true), e => done(String(e)));");
        assertTrue(published.asBoolean(), "alice did not publish: " + alice.consoleLog());
        JsonNode ready = bob.executeAsync(
            "const done = arguments[arguments.length - 1]; window.tapline.ready.then(done, e => done(String(e)));");
        assertTrue(ready.asBoolean(), "bob did not join: " + bob.consoleLog());
        JsonNode joined = carol.executeAsync("const done = arguments[arguments.length - 1];"
            + " window.tapline.join().then(() => done(true), e => done(String(e)));");
        assertTrue(joined.asBoolean(), "carol did not join: " + carol.consoleLog());

        awaitStats(alice, "alice sends three layers, the top one at 1280 wide", Duration.ofSeconds(120),
            s -> countLayers(s) >= 3 && topWidth(s) == 1280);
        awaitStats(bob, "bob receives 1280x720", Duration.ofSeconds(120), s -> width(s) == 1280);
        awaitStats(carol, "carol receives 1280x720 before the limit", Duration.ofSeconds(120), s -> width(s) == 1280);

        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        String recordingId = started.json().get("recordingId").asText();

        // Chrome turns layers off and on with its own estimate (a loaded machine delays packets):
        // compare with the top layer alice sends at that moment
        shaper.limit(LIMIT_BPS);
        awaitWidths(alice, bob, carol, "at " + LIMIT_BPS + " bit/s carol gets a lower layer, bob the top one",
            Duration.ofSeconds(120), (top, b, c) -> top >= 640 && b == top && c > 0 && c < top);
        log.info("shaper dropped {} of {} datagrams at the limit", shaper.droppedDown(), shaper.forwardedDown());

        shaper.limit(0);
        awaitWidths(alice, bob, carol, "without the limit carol is back at 1280 like bob", Duration.ofSeconds(180),
            (top, b, c) -> top == 1280 && b == top && c == top);

        Response stopped = post("/api/v1/recordings/" + recordingId + "/stop", key, null);
        assertEquals(200, stopped.status(), stopped.body());
        String cameraTrack = null;
        for (JsonNode o : stats(alice).path("outbound")) {
          if (o.path("kind").asText().equals("video")) {
            cameraTrack = o.path("trackId").asText();
          }
        }
        checkRecordingWidth(DATA_DIR.resolve("recordings").resolve(conv).resolve(recordingId), cameraTrack);
        log.info("SFU: {} layer switches (subscribers and tap) in {}", layerSwitches(conv), conv);
      } catch (AssertionError | Exception e) {
        for (ChromeDriver.Browser b : new ChromeDriver.Browser[] {alice, bob, carol}) {
          log.error("page log of {}:\n{}\nstats: {}", b.name, b.consoleLog(), stats(b));
        }
        log.error("SFU: {} layer switches (subscribers and tap) in {}", layerSwitches(conv), conv);
        throw e;
      }
    } finally {
      logging.setLogLevel(SWITCH_LOGGER, null);
    }
  }

  private double layerSwitches(String conversationId) {
    var counter = meters.find("tapline.sfu.layer.switches").tag("conversation", conversationId).functionCounter();
    return counter == null ? -1 : counter.count();
  }

  interface Widths {
    boolean ok(long aliceTop, long bob, long carol);
  }

  private static void awaitWidths(ChromeDriver.Browser alice, ChromeDriver.Browser bob, ChromeDriver.Browser carol,
      String what, Duration timeout, Widths ok) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode a = stats(alice);
      JsonNode b = stats(bob);
      JsonNode c = stats(carol);
      if (ok.ok(topWidth(a), width(b), width(c))) {
        log.info("{}: alice {} bob {} carol {}", what, a, b, c);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout + "; alice " + a + "\nbob " + b + "\ncarol " + c);
      }
      Thread.sleep(1000);
    }
  }

  private static JsonNode stats(ChromeDriver.Browser b) throws Exception {
    return b.executeAsync("const done = arguments[arguments.length - 1];"
        + " window.tapline.summary().then(done, e => done({error: String(e)}));");
  }

  private static JsonNode awaitStats(ChromeDriver.Browser b, String what, Duration timeout, Predicate<JsonNode> ok)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = stats(b);
    while (!ok.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout + "; stats of " + b.name + ": " + s);
      }
      Thread.sleep(1000);
      s = stats(b);
    }
    log.info("{}: {}", what, s);
    return s;
  }

  /** The frame width of the first remote video (alice's camera), 0 before any frame. */
  private static long width(JsonNode summary) {
    for (JsonNode in : summary.path("inbound")) {
      if (in.path("kind").asText().equals("video")) {
        return in.path("frameWidth").asLong();
      }
    }
    return 0;
  }

  private static long countLayers(JsonNode summary) {
    long n = 0;
    for (JsonNode o : summary.path("outbound")) {
      if (o.path("kind").asText().equals("video") && o.path("frameWidth").asLong() > 0) {
        n++;
      }
    }
    return n;
  }

  private static long topWidth(JsonNode summary) {
    long w = 0;
    for (JsonNode o : summary.path("outbound")) {
      if (o.path("kind").asText().equals("video")) {
        w = Math.max(w, o.path("frameWidth").asLong());
      }
    }
    return w;
  }

  private void checkRecordingWidth(Path dir, String trackId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Path manifest = dir.resolve(RecordingDirectory.MANIFEST);
    while (!Files.exists(manifest) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(Files.exists(manifest), "no manifest in " + dir);
    Path out = Files.createTempDirectory("simulcast-export").resolve(trackId + ".webm");
    ExportReport report = new TrackExporter().export(new RecordingDirectory(dir), trackId, out);
    assertTrue(report.written(), "track " + trackId + " was not exported: " + report);
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "frame=width,height", "-of", "csv=p=0", out.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe failed on " + out + ": " + text);
    java.util.Map<String, Long> sizes = new java.util.TreeMap<>();
    text.lines().map(String::trim).filter(l -> l.matches("\\d+,\\d+"))
        .forEach(l -> sizes.merge(l, 1L, Long::sum));
    log.info("recorded {}: frames by size {} ({})", trackId, sizes, report);
    // the tap follows the highest layer alice sends: 1280x720 whenever Chrome sends it
    assertTrue(sizes.getOrDefault("1280,720", 0L) > 0, "the tap recorded the top layer: " + sizes);
  }
}
