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
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Simulcast end to end with headless Chromium: alice publishes a 1280x720 fake camera as three
 * layers (q/h/f); bob and carol subscribe. carol's browser reaches the SFU through a {@link
 * UdpShaper} (its subscriber offer's candidate is rewritten to the shaper's port), whose downlink
 * is narrowed to 600 kbit/s and then opened again. getStats must show carol's picture drop below
 * 1280x720 while bob keeps the full layer, then carol's come back; a recording made meanwhile has
 * the full layer (ffprobe frame sizes). Skipped without chromium, chromedriver or ffprobe.
 *
 * <p>Opt-in ({@code -Dtapline.it.simulcast=true}): it needs a machine quiet enough for Chrome's own
 * send-side estimate to ramp its three layers up. On the shared 2-core machine at load average
 * 30-44 Chrome's GoogCC saw our (CPU-starved) arrival times as congestion: in one run it reached
 * three layers after 75 s and then turned them off again, in another it never left the lowest. A
 * third run (load 48-67) passed in 530 s, 153 s of it Spring's start: carol went from 1280x720 to
 * 320x180 16 s after the limit (no datagram dropped by the shaper: the delay it added was enough)
 * while bob kept 1280x720, came back 30 s after the limit was lifted, and the recording had 460
 * frames, all 1280x720.
 */
class SimulcastBrowserIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(SimulcastBrowserIT.class);
  private static final long LIMIT_BPS = 600_000;

  @Autowired WebRtcTransport transport;

  @Test
  void aConstrainedSubscriberGetsALowerLayerAndComesBackWhileOthersAndTheTapKeepTheTop() throws Exception {
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffprobe")), "needs ffprobe");
    assumeTrue(Boolean.getBoolean("tapline.it.simulcast"), "opt-in: -Dtapline.it.simulcast=true on a quiet machine");
    String key = newKey("simulcast");
    String conv = createConversation(key, "Simulcast");
    int sfuPort = transport.localAddress().getPort();
    Path driverLog = Files.createTempFile("chromedriver", ".log");
    try (UdpShaper shaper = new UdpShaper(new InetSocketAddress("127.0.0.1", sfuPort), 150);
        ChromeDriver driver = new ChromeDriver(driverLog)) {
      ChromeDriver.Browser alice = driver.open("alice");
      ChromeDriver.Browser bob = driver.open("bob");
      ChromeDriver.Browser carol = driver.open("carol");
      try {
        alice.navigate(base() + "/example.html?auto=1&camera=1&w=1280&h=720&fps=10&conversation=" + conv
            + "&token=" + issueToken(key, conv, "alice", "publisher"));
        bob.navigate(base() + "/example.html?auto=1&conversation=" + conv + "&token="
            + issueToken(key, conv, "bob", "subscriber"));
        carol.navigate(base() + "/example.html?conversation=" + conv + "&token="
            + issueToken(key, conv, "carol", "subscriber"));
        // carol talks to the shaper instead of the SFU's port
        carol.execute("const orig = RTCPeerConnection.prototype.setRemoteDescription;"
            + "RTCPeerConnection.prototype.setRemoteDescription = function (d) {"
            + "  if (d && d.sdp) d = { type: d.type, sdp: d.sdp.split(' " + sfuPort + " typ ').join(' "
            + shaper.port() + " typ ') };"
            + "  return orig.call(this, d); };");
        for (ChromeDriver.Browser b : new ChromeDriver.Browser[] {alice, bob}) {
          JsonNode ready = b.executeAsync(
              "const done = arguments[arguments.length - 1]; window.tapline.ready.then(done, e => done(String(e)));");
          assertTrue(ready.asBoolean(), b.name + " did not join: " + b.consoleLog());
        }
        JsonNode joined = carol.executeAsync("const done = arguments[arguments.length - 1];"
            + " window.tapline.join().then(() => done(true), e => done(String(e)));");
        assertTrue(joined.asBoolean(), "carol did not join: " + carol.consoleLog());

        awaitStats(alice, "alice sends three layers, the top one at 1280 wide", Duration.ofSeconds(90),
            s -> countLayers(s) >= 3 && topWidth(s) == 1280);
        awaitStats(bob, "bob receives 1280x720", Duration.ofSeconds(90), s -> width(s) == 1280);
        awaitStats(carol, "carol receives 1280x720 before the limit", Duration.ofSeconds(90), s -> width(s) == 1280);

        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        String recordingId = started.json().get("recordingId").asText();

        // Chrome turns layers off and on with its own estimate (a loaded machine delays packets):
        // compare with the top layer alice sends at that moment
        shaper.limit(LIMIT_BPS);
        awaitWidths(alice, bob, carol, "at " + LIMIT_BPS + " bit/s carol gets a lower layer, bob the top one",
            Duration.ofSeconds(90), (top, b, c) -> top >= 640 && b == top && c > 0 && c < top);
        log.info("shaper dropped {} of {} datagrams at the limit", shaper.droppedDown(), shaper.forwardedDown());

        shaper.limit(0);
        awaitWidths(alice, bob, carol, "without the limit carol is back at 1280 like bob", Duration.ofSeconds(120),
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
      } catch (AssertionError | Exception e) {
        for (ChromeDriver.Browser b : new ChromeDriver.Browser[] {alice, bob, carol}) {
          log.error("page log of {}:\n{}\nstats: {}", b.name, b.consoleLog(), stats(b));
        }
        throw e;
      }
    }
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
