package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositorIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void gridMp4WithDefaultsHasTheRecordingsLengthMinusPauses() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(4);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240);
    b.participant("bob", "Bob").video(160, 90, 15).color(145, 54, 34).tone(500);
    b.event(1.0, EventType.RECORDING_PAUSED, null, null, Map.of());
    b.event(2.0, EventType.RECORDING_RESUMED, null, null, Map.of());
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("grid.mp4");
    List<double[]> progress = new ArrayList<>();

    CompositionReport r = new Compositor().compose(rec, CompositionSpec.defaults(), out,
        (fraction, speed) -> progress.add(new double[] {fraction, speed}));

    assertEquals("libx264", r.videoCodec());
    assertEquals(Map.of("alice-cam", TimingSource.SENDER_REPORTS, "alice-mic", TimingSource.SENDER_REPORTS,
        "bob-cam", TimingSource.SENDER_REPORTS, "bob-mic", TimingSource.SENDER_REPORTS), r.timing());
    JsonNode p = Ffprobe.probe(out);
    JsonNode v = Ffprobe.stream(p, "video");
    JsonNode a = Ffprobe.stream(p, "audio");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(1280, v.get("width").asInt());
    assertEquals(720, v.get("height").asInt());
    assertEquals("30/1", v.get("r_frame_rate").asText());
    assertEquals("aac", a.get("codec_name").asText());
    assertEquals(48000, a.get("sample_rate").asInt());
    assertEquals(2, a.get("channels").asInt());
    // 4 s recorded, 1 s paused
    assertEquals(3.0, v.get("duration").asDouble(), 1.0 / 30 + 1e-3);
    assertEquals(3.0, p.get("format").get("duration").asDouble(), 0.05);
    assertTrue(moovBeforeMdat(out), "faststart: the moov atom comes first");
    assertEquals("", Ffprobe.decodeErrors(out));
    // two tiles side by side: Alice's colour left, Bob's right
    assertEquals(Ffprobe.fullRange(81), Ffprobe.lumaAt(out, 0.5, 400, 300, 40, 40), 6);
    assertEquals(Ffprobe.fullRange(145), Ffprobe.lumaAt(out, 0.5, 1040, 300, 40, 40), 6);
    assertEquals(1.0, progress.get(progress.size() - 1)[0], 1e-9);
    assertTrue(progress.size() >= 3, "progress about every second");
  }

  @Test
  void webmAndHlsOutputs() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(2.5);
    b.participant("alice", "Alice").video(160, 90, 15);
    RecordingDirectory rec = b.build();
    CompositionSpec small = CompositionSpec.defaults().withSize(320, 180, 15).withBitrate(300_000, "veryfast");

    Path webm = tmp.resolve("out.webm");
    CompositionReport w = new Compositor().compose(rec, small.withFormat(OutputFormat.WEBM_VP8), webm,
        ProgressListener.NONE);
    assertEquals("libvpx", w.videoCodec());
    JsonNode p = Ffprobe.probe(webm);
    assertEquals("vp8", Ffprobe.stream(p, "video").get("codec_name").asText());
    assertEquals("opus", Ffprobe.stream(p, "audio").get("codec_name").asText());
    assertEquals(48000, Ffprobe.stream(p, "audio").get("sample_rate").asInt());
    assertEquals(2.5, p.get("format").get("duration").asDouble(), 0.07);
    assertEquals("", Ffprobe.decodeErrors(webm));

    for (OutputFormat hls : new OutputFormat[] {OutputFormat.HLS_FMP4, OutputFormat.HLS_TS}) {
      Path dir = tmp.resolve(hls.name());
      Path playlist = dir.resolve("index.m3u8");
      new Compositor().compose(rec, small.withFormat(hls), playlist, ProgressListener.NONE);
      String m3u8 = Files.readString(playlist);
      assertTrue(m3u8.contains("#EXT-X-ENDLIST"), m3u8);
      assertTrue(m3u8.contains(hls == OutputFormat.HLS_FMP4 ? ".m4s" : ".ts"), m3u8);
      JsonNode hp = Ffprobe.probe(playlist);
      assertEquals("h264", Ffprobe.stream(hp, "video").get("codec_name").asText());
      assertEquals("aac", Ffprobe.stream(hp, "audio").get("codec_name").asText());
      assertEquals(2.5, hp.get("format").get("duration").asDouble(), 0.1);
    }
  }

  static boolean moovBeforeMdat(Path mp4) throws Exception {
    String s = new String(Files.readAllBytes(mp4), StandardCharsets.ISO_8859_1);
    int moov = s.indexOf("moov");
    int mdat = s.indexOf("mdat");
    return moov >= 0 && mdat >= 0 && moov < mdat;
  }
}
