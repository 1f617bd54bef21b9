package io.tapline.compositor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackExporterIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void vp8AndOpusTracksBecomeWebmAndOggOnTheRecordingTimeline() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(3);
    b.participant("alice", "Alice").video(160, 90, 15).present(0.5, 3);
    RecordingDirectory rec = b.build();
    TrackExporter exporter = new TrackExporter();

    ExportReport video = exporter.export(rec, "alice-cam", tmp.resolve("alice-cam.webm"));
    assertTrue(video.written(), video.toString());
    assertEquals(TimingSource.SENDER_REPORTS, video.timing());
    JsonNode vp = Ffprobe.probe(video.output());
    JsonNode vs = Ffprobe.stream(vp, "video");
    assertEquals("vp8", vs.get("codec_name").asText());
    assertEquals(160, vs.get("width").asInt());
    assertEquals(90, vs.get("height").asInt());
    // video begins where the participant joined, 0.5 s into the recording
    assertEquals(0.5, vp.get("format").get("start_time").asDouble(), 0.02);
    // Matroska durations count from 0: the last picture ends with the recording
    assertEquals(3.0, vp.get("format").get("duration").asDouble(), 1.0 / 15);
    assertEquals("", Ffprobe.decodeErrors(video.output()));

    ExportReport audio = exporter.export(rec, "alice-mic", tmp.resolve("alice-mic.ogg"));
    assertTrue(audio.written(), audio.toString());
    JsonNode ap = Ffprobe.probe(audio.output());
    JsonNode as = Ffprobe.stream(ap, "audio");
    assertEquals("opus", as.get("codec_name").asText());
    assertEquals(48000, as.get("sample_rate").asInt());
    assertEquals(2, as.get("channels").asInt());
    // audio files all start at the recording's start: silence until the participant joined
    assertEquals(3.0, ap.get("format").get("duration").asDouble(), 0.03);
    float[] pcm = Ffprobe.audio(audio.output());
    assertTrue(rms(pcm, 0, 48000 * 4 / 10) < 0.001, "silence before the join");
    assertTrue(rms(pcm, 48000 * 6 / 10, 48000) > 0.005, "the tone after the join");
    assertEquals("", Ffprobe.decodeErrors(audio.output()));
  }

  @Test
  void opusTrackCanAlsoBeWebmAudio() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(2);
    b.participant("bob", "Bob").noVideo();
    RecordingDirectory rec = b.build();
    ExportReport audio = new TrackExporter().export(rec, "bob-mic", tmp.resolve("bob.webm"));
    JsonNode p = Ffprobe.probe(audio.output());
    assertEquals("matroska,webm", p.get("format").get("format_name").asText());
    assertEquals("opus", Ffprobe.stream(p, "audio").get("codec_name").asText());
    assertEquals(2.0, p.get("format").get("duration").asDouble(), 0.03);
  }

  @Test
  void unknownTrackAndUnknownCodecAreReportedNotWritten() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(1).withUnknownCodecTrack();
    b.participant("bob", "Bob").noVideo();
    RecordingDirectory rec = b.build();
    ExportReport r = new TrackExporter().export(rec, "xavier-cam", tmp.resolve("x.webm"));
    assertFalse(r.written());
    assertNotNull(r.skips().stream().filter(s -> s.reason().equals("codec.unsupported")).findFirst().orElse(null),
        r.toString());
    ExportReport none = new TrackExporter().export(rec, "nobody", tmp.resolve("n.webm"));
    assertFalse(none.written());
    assertEquals("track.unknown", none.skips().get(0).reason());
  }

  static double rms(float[] pcm, int from, int to) {
    double s = 0;
    for (int i = from; i < to && i < pcm.length; i++) {
      s += pcm[i] * pcm[i];
    }
    return Math.sqrt(s / Math.max(1, to - from));
  }
}
