package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerChannelsExporterIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void oneChannelPerSpeakerOnTheRecordingTimeline() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(3.5);
    b.participant("alice", "Alice").noVideo().tone(440);
    b.participant("bob", "Bob").noVideo().tone(700).present(1.0, 3.5);
    b.participant("carol", "Carol").noVideo().tone(300).present(0, 2.0);
    b.event(2.5, EventType.RECORDING_PAUSED, null, null, Map.of());
    b.event(3.0, EventType.RECORDING_RESUMED, null, null, Map.of());
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("speakers.ogg");

    SpeakerChannelsExporter.Report r = new SpeakerChannelsExporter().export(rec, out);

    assertEquals(List.of("alice", "bob", "carol"), r.speakers());
    JsonNode p = Ffprobe.probe(out);
    JsonNode a = Ffprobe.stream(p, "audio");
    assertEquals("opus", a.get("codec_name").asText());
    assertEquals(3, a.get("channels").asInt());
    assertEquals(48000, a.get("sample_rate").asInt());
    // 3.5 s recorded, 0.5 s paused; whole 20 ms Opus frames
    assertEquals(3.0, p.get("format").get("duration").asDouble(), 0.03);
    assertEquals(3_000_000, r.durationMicros());
    assertEquals("", Ffprobe.decodeErrors(out));
    float[] alice = Ffprobe.audioChannel(out, 0);
    float[] bob = Ffprobe.audioChannel(out, 1);
    float[] carol = Ffprobe.audioChannel(out, 2);
    // Alice talks throughout; Bob from 1 s; Carol until 2 s: each only in their own channel
    assertTrue(rms(alice, 0.2, 0.8) > 0.005 && rms(alice, 2.2, 2.8) > 0.005, "Alice throughout");
    assertTrue(rms(bob, 0.2, 0.8) < 0.001, "Bob silent before he joined");
    assertTrue(rms(bob, 1.3, 2.8) > 0.005, "Bob after he joined");
    assertTrue(rms(carol, 0.2, 1.8) > 0.005, "Carol before she left");
    assertTrue(rms(carol, 2.2, 2.9) < 0.001, "Carol silent after she left");
    assertTrue(dominantHz(alice, 0.2, 0.8) > 400 && dominantHz(alice, 0.2, 0.8) < 480, "Alice's 440 Hz tone");
    assertTrue(dominantHz(bob, 1.3, 1.9) > 650 && dominantHz(bob, 1.3, 1.9) < 750, "Bob's 700 Hz tone");
  }

  private static double rms(float[] pcm, double fromSeconds, double toSeconds) {
    int from = (int) (fromSeconds * 48000);
    int to = Math.min(pcm.length, (int) (toSeconds * 48000));
    double s = 0;
    for (int i = from; i < to; i++) {
      s += pcm[i] * pcm[i];
    }
    return Math.sqrt(s / Math.max(1, to - from));
  }

  /** Frequency from the zero crossings of a clean tone. */
  private static double dominantHz(float[] pcm, double fromSeconds, double toSeconds) {
    int from = (int) (fromSeconds * 48000);
    int to = Math.min(pcm.length, (int) (toSeconds * 48000));
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / ((to - from) / 48000.0);
  }
}
