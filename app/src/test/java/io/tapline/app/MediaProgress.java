package io.tapline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.BrowserSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the example page's {@code window.tapline.summary()} says about the browsers of a
 * conversation: whether each receives every other participant's published sources (video frames
 * decoded, audio packets received), and how many frames each publisher sent.
 */
final class MediaProgress {
  static final Duration DEADLINE = Duration.ofSeconds(90);

  private final Map<String, ? extends BrowserSession> browsers;
  private final Map<String, List<String>> published;

  /** {@code published}: participant -> the sources it publishes (camera, microphone, screen). */
  MediaProgress(Map<String, ? extends BrowserSession> browsers, Map<String, List<String>> published) {
    this.browsers = browsers;
    this.published = published;
  }

  /**
   * Waits until every browser decodes video and receives audio on every track the others publish,
   * more than in {@code previous} when given; returns the summaries.
   */
  Map<String, JsonNode> await(Map<String, JsonNode> previous) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Map<String, JsonNode> now = new HashMap<>();
    List<String> missing = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      missing.clear();
      for (var e : browsers.entrySet()) {
        JsonNode s = summary(e.getValue());
        now.put(e.getKey(), s);
        for (var other : published.entrySet()) {
          if (other.getKey().equals(e.getKey())) {
            continue;
          }
          for (String source : other.getValue()) {
            long v = progress(s, other.getKey(), source);
            long before = previous.isEmpty() ? 0 : progress(previous.get(e.getKey()), other.getKey(), source);
            if (v <= before) {
              missing.add(e.getKey() + "<-" + other.getKey() + "/" + source + " (" + v + ")");
            }
          }
        }
      }
      if (missing.isEmpty()) {
        return now;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("media did not flow everywhere within " + DEADLINE + ": " + missing
        + "\nstats: " + now);
  }

  /**
   * framesSent of every published video track, by track id: of a simulcast track (one outbound-rtp
   * per layer, same track id) the most any layer sent, i.e. about the camera's frames, whichever
   * layers the sender paused.
   */
  Map<String, Long> framesSent() throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (BrowserSession b : browsers.values()) {
      for (JsonNode o : summary(b).path("outbound")) {
        if (o.path("kind").asText().equals("video")) {
          out.merge(o.path("trackId").asText(), o.path("framesSent").asLong(), Math::max);
        }
      }
    }
    return out;
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

  private static JsonNode summary(BrowserSession b) throws Exception {
    return b.await("window.tapline.summary()");
  }
}
