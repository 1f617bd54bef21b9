package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.BrowserSession;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.app.browser.FirefoxBidi;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Firefox (Debian's firefox-esr, driven over WebDriver BiDi) and a headless Chromium
 * join one conversation through the example page and tapline-client.js, publish their fake camera
 * and microphone, and each decodes the other's video and receives its audio (getStats). A
 * recording taken during the call holds Firefox's video, which ffprobe decodes: Firefox publishes
 * its camera as three simulcast layers and pauses or resumes the top ones as its estimate moves,
 * so the tap's recording often changes layer (and SSRC) mid-way. Skipped when
 * firefox-esr, chromium, chromedriver or ffprobe is missing (.ci/test installs them as root).
 */
@org.springframework.test.context.ContextConfiguration(initializers = AppTestSupport.OwnDataDir.class)
@org.springframework.test.annotation.DirtiesContext
class FirefoxConversationIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(FirefoxConversationIT.class);
  private static final List<String> SOURCES = List.of("camera", "microphone");
  /** The candidate pairs both connections of a page tried, with their candidates, for failure reports. */
  private static final String ICE_PAIRS = "window.tapline.client.stats().then(r => {"
      + " const out = []; for (const [name, rep] of Object.entries(r)) { if (!rep) continue;"
      + " const c = new Map(); rep.forEach(s => { if (s.type.endsWith('candidate')) c.set(s.id, s); });"
      + " rep.forEach(s => { if (s.type === 'candidate-pair') { const l = c.get(s.localCandidateId) || {},"
      + " m = c.get(s.remoteCandidateId) || {}; out.push(name + ' ' + s.state + ' ' + l.protocol + ' '"
      + " + l.address + ':' + l.port + ' -> ' + m.address + ':' + m.port + ' nominated=' + s.nominated); } }); }"
      + " return out; })";

  @Autowired WebRtcTransport transport;
  @Autowired io.tapline.app.config.TaplineProperties properties;

  /**
   * The one test whose WebRTC port is not on 127.0.0.1: Firefox 153 gathers no loopback candidate
   * here (media.peerconnection.ice.loopback does not change that) and does not pair its interface
   * address with a loopback candidate. The port is on this machine's own IPv4 address and answers
   * ICE checks only from loopback and this machine's addresses, so media never leaves the machine
   * (datagrams between its own addresses go through the loopback device). Its own context.
   */
  @DynamicPropertySource
  static void machineNetwork(DynamicPropertyRegistry r) {
    r.add("tapline.webrtc.bind-address", AppTestSupport::machineAddress);
    r.add("tapline.webrtc.peer-networks", AppTestSupport::thisMachine);
  }

  @Test
  void firefoxAndChromiumSeeAndHearEachOtherAndFirefoxIsRecorded() throws Exception {
    assertTrue(!properties.dataDir().equals(DATA_DIR), "its own context has its own data directory");
    assumeTrue(FirefoxBidi.available(), "needs /usr/bin/firefox-esr");
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffprobe")), "needs ffprobe");
    assumeTrue(!machineAddress().equals("127.0.0.1"),
        "needs a non-loopback IPv4 address on this machine (Firefox does not use loopback candidates)");
    String key = newKey("firefox");
    String conv = createConversation(key, "Firefox");
    Path logs = Files.createTempDirectory("firefox-it");
    String recordingId;
    try (FirefoxBidi firefox = new FirefoxBidi(logs);
        ChromeDriver chrome = new ChromeDriver(logs.resolve("chromedriver.log"))) {
      Map<String, BrowserSession> browsers = new LinkedHashMap<>();
      browsers.put("fox", firefox.open("fox"));
      browsers.put("chrome", chrome.open("chrome"));
      for (BrowserSession b : browsers.values()) {
        b.navigate(base() + "/example.html?auto=1&camera=1&w=320&h=240&fps=15"
            + "&conversation=" + conv + "&token=" + issueToken(key, conv, b.name(), "publisher"));
      }
      try {
        for (BrowserSession b : browsers.values()) {
          assertTrue(b.await("window.tapline.ready").asBoolean(), b.name() + " did not join and publish: "
              + b.consoleLog());
        }
        MediaProgress media = new MediaProgress(browsers, Map.of("fox", SOURCES, "chrome", SOURCES));
        Map<String, JsonNode> first = media.await(Map.of());
        log.info("browser stats after media flowed: {}", media.await(first));

        Map<String, Long> sentBefore = media.framesSent();
        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        recordingId = started.json().get("recordingId").asText();
        Map<String, Long> sentAtStart = media.framesSent();
        Thread.sleep(15_000);
        Map<String, Long> sentAtStop = media.framesSent();
        Thread.sleep(2_000);
        Response stopped = post("/api/v1/recordings/" + recordingId + "/stop", key, null);
        assertEquals(200, stopped.status(), stopped.body());
        log.info("frames sent before start {}, after start {}, before stop {}", sentBefore, sentAtStart, sentAtStop);
        String camera = sentAtStop.keySet().stream().filter(t -> t.startsWith("fox-camera")).findFirst()
            .orElseThrow(() -> new AssertionError("Firefox's camera has no outbound-rtp stats: " + sentAtStop));
        checkFirefoxVideo(properties.dataDir().resolve("recordings").resolve(conv).resolve(recordingId), camera,
            sentAtStart.get(camera), sentAtStop.get(camera));
      } catch (AssertionError | Exception e) {
        for (BrowserSession b : browsers.values()) {
          log.error("page log of {}:\n{}\nICE of {}: {}", b.name(), b.consoleLog(), b.name(), b.await(ICE_PAIRS));
        }
        log.error("browser logs in {}; WebRTC drops {}", logs, transport.drops());
        throw e;
      }
    }
    awaitFinalized(key, recordingId);
  }

  private void checkFirefoxVideo(Path dir, String trackId, long sentAtStart, long sentAtStop) throws Exception {
    long sent = sentAtStop - sentAtStart;
    Path manifest = dir.resolve(RecordingDirectory.MANIFEST);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(manifest) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(Files.exists(manifest), "no manifest in " + dir);
    Path out = Files.createTempDirectory("firefox-export").resolve(trackId + ".webm");
    ExportReport report = new TrackExporter().export(new RecordingDirectory(dir), trackId, out);
    assertTrue(report.written(), "Firefox's camera was not exported: " + report);
    long decoded = Ffprobe.countVideoFrames(out);
    List<Long> ssrcs = new java.util.ArrayList<>();
    var track = new RecordingDirectory(dir).readManifest().track(trackId).orElseThrow();
    for (var segment : track.segments()) {
      try (var reader = io.tapline.pipeline.segment.SegmentReader.open(dir.resolve(segment.file()))) {
        reader.header().ifPresent(h -> ssrcs.add(h.ssrc()));
      }
    }
    log.info("Firefox camera: {} frames sent while recording (the most of any simulcast layer), {} decoded from"
        + " the recording; {} segments, SSRC per segment {}; export {}", sent, decoded, ssrcs.size(), ssrcs, report);
    assertTrue(sent >= 20, "Firefox sent too few frames to judge: " + sent);
    assertTrue(decoded >= sent * 9 / 10, decoded + " frames decoded from the recording, " + sent + " sent");
  }
}
