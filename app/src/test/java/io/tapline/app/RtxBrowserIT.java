package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.app.browser.UdpShaper;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * NACK/RTX with headless Chromium: alice publishes a camera (one layer); bob's subscribe
 * connection goes through a {@link UdpShaper} (its subscriber offer's candidate is rewritten to
 * the shaper's port, as in {@link SimulcastBrowserIT}) that drops 3 % of the RTP datagrams towards
 * him. bob's getStats must show NACKs sent and retransmissions received (RTX, RFC 4588), the
 * server must count RTX sent, and the video must keep decoding. Skipped without chromium and
 * chromedriver.
 */
class RtxBrowserIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(RtxBrowserIT.class);
  private static final double LOSS = 0.03;

  @Autowired WebRtcTransport transport;
  @Autowired MeterRegistry meters;

  @Test
  void aLossySubscriberNacksAndGetsRetransmissionsAndKeepsDecoding() throws Exception {
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    String key = newKey("rtx");
    String conv = createConversation(key, "Rtx");
    int sfuPort = transport.localAddress().getPort();
    try (UdpShaper shaper = new UdpShaper(new InetSocketAddress("127.0.0.1", sfuPort), 500);
        ChromeDriver driver = new ChromeDriver(Files.createTempFile("chromedriver", ".log"))) {
      ChromeDriver.Browser alice = driver.open("alice");
      ChromeDriver.Browser bob = driver.open("bob");
      try {
        alice.navigate(base() + "/example.html?auto=1&camera=1&simulcast=0&w=640&h=360&fps=15&conversation=" + conv
            + "&token=" + issueToken(key, conv, "alice", "publisher"));
        bob.navigate(base() + "/example.html?conversation=" + conv + "&token="
            + issueToken(key, conv, "bob", "subscriber"));
        bob.execute(shaper.routePageThroughScript());
        JsonNode ready = alice.executeAsync(
            "const done = arguments[arguments.length - 1]; window.tapline.ready.then(done, e => done(String(e)));");
        assertTrue(ready.asBoolean(), "alice did not join: " + alice.consoleLog());
        JsonNode joined = bob.executeAsync("const done = arguments[arguments.length - 1];"
            + " window.tapline.join().then(() => done(true), e => done(String(e)));");
        assertTrue(joined.asBoolean(), "bob did not join: " + bob.consoleLog());

        JsonNode first = await(bob, "bob decodes alice's camera", Duration.ofSeconds(90),
            s -> s.path("framesDecoded").asLong() > 0);
        shaper.loss(LOSS);
        double rtxBefore = rtxSent();
        JsonNode lossy = await(bob, "bob NACKs and receives retransmissions", Duration.ofSeconds(60),
            s -> s.path("nackCount").asLong() > 0 && s.path("retransmittedPacketsReceived").asLong() > 0);
        assertTrue(rtxSent() > rtxBefore, "the SFU counted RTX sent: " + rtxSent());
        Thread.sleep(10000);
        JsonNode later = video(bob);
        log.info("bob before loss {}, with loss {}, 10 s later {}; shaper lost {} of {} datagrams; SFU: {}",
            first, lossy, later, shaper.lostDown(), shaper.forwardedDown(), serverCounters());
        assertTrue(later.path("framesDecoded").asLong() > lossy.path("framesDecoded").asLong() + 10,
            "video keeps decoding: " + lossy + " then " + later);
        assertTrue(later.path("freezeCount").asLong() <= 3, "few freezes with 3 % loss: " + later);
      } catch (AssertionError | Exception e) {
        for (ChromeDriver.Browser b : new ChromeDriver.Browser[] {alice, bob}) {
          log.error("page log of {}:\n{}\nvideo: {}", b.name, b.consoleLog(), video(b));
        }
        throw e;
      }
    }
  }

  private String serverCounters() {
    StringBuilder sb = new StringBuilder();
    meters.find("tapline.sfu.total.nack.received").functionCounters()
        .forEach(c -> sb.append("nack.received=").append(c.count()).append(' '));
    sb.append("rtx.sent=").append(rtxSent());
    meters.find("tapline.sfu.total.drops").functionCounters().stream()
        .filter(c -> c.getId().getTag("reason").startsWith("rtx.") || c.getId().getTag("reason").contains("nack"))
        .forEach(c -> sb.append(' ').append(c.getId().getTag("reason")).append('=').append(c.count()));
    return sb.toString();
  }

  private double rtxSent() {
    return meters.get("tapline.sfu.total.rtx.sent").functionCounter().count();
  }

  /** bob's inbound video stream counters (Chromium's inbound-rtp), {} before it exists. */
  private static JsonNode video(ChromeDriver.Browser b) throws Exception {
    return b.executeAsync("const done = arguments[arguments.length - 1];"
        + " const c = window.tapline.client; if (!c) { done({}); return; }"
        + " c.stats().then(s => { let v = {}; if (s.subscribe) s.subscribe.forEach(x => {"
        + "   if (x.type === 'inbound-rtp' && x.kind === 'video') v = { framesDecoded: x.framesDecoded || 0,"
        + "     nackCount: x.nackCount || 0, retransmittedPacketsReceived: x.retransmittedPacketsReceived || 0,"
        + "     packetsLost: x.packetsLost || 0, freezeCount: x.freezeCount || 0, frameWidth: x.frameWidth || 0 }; });"
        + "   done(v); }, e => done({ error: String(e) }));");
  }

  private static JsonNode await(ChromeDriver.Browser b, String what, Duration timeout,
      java.util.function.Predicate<JsonNode> ok) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = video(b);
    while (!ok.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout + "; " + b.name + ": " + s);
      }
      Thread.sleep(1000);
      s = video(b);
    }
    log.info("{}: {}", what, s);
    return s;
  }
}
