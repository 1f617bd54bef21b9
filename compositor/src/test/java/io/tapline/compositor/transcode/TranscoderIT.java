package io.tapline.compositor.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.AudioMixExporter;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.SourceVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscoderIT {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path mp4;

  @BeforeAll
  static void source() throws IOException {
    Ffprobe.assumeInstalled();
    mp4 = SourceVideos.composition(shared, OutputFormat.MP4, "grid.mp4");
  }

  @Test
  void mp4H264ToWebmVp9OpusAtAnotherSize() throws Exception {
    Path out = tmp.resolve("small.webm");
    TranscodeReport r = new Transcoder().transcode(mp4,
        new TranscodeSpec(OutputFormat.WEBM_VP9, 160, 0, 300_000), out, (f, s) -> { });
    assertFalse(r.copied());
    JsonNode p = Ffprobe.probe(out);
    JsonNode v = Ffprobe.stream(p, "video");
    JsonNode a = Ffprobe.stream(p, "audio");
    assertEquals("vp9", v.get("codec_name").asText());
    assertEquals(160, v.get("width").asInt());
    assertEquals(90, v.get("height").asInt(), "aspect ratio kept");
    assertEquals("opus", a.get("codec_name").asText());
    assertEquals(4.0, p.get("format").get("duration").asDouble(), 0.1);
    assertEquals("", Ffprobe.decodeErrors(out));
  }

  @Test
  void sameCodecsAndSizeAreCopiedNotReencoded() throws Exception {
    Path out = tmp.resolve("copy.mp4");
    TranscodeReport r = new Transcoder().transcode(mp4, new TranscodeSpec(OutputFormat.MP4, 0, 0,
        0), out, (f, s) -> { });
    assertTrue(r.copied());
    assertEquals(Ffprobe.videoPacketFlags(mp4), Ffprobe.videoPacketFlags(out));
    assertEquals(320, r.width());
  }

  @Test
  void audioOfACompositionAsM4aIsCopiedAndAsOggIsOpus() throws Exception {
    Path m4a = tmp.resolve("audio.m4a");
    TranscodeReport r = new Transcoder().extractAudio(mp4, AudioFormat.M4A_AAC, m4a,
        (f, s) -> { });
    assertTrue(r.copied());
    JsonNode p = Ffprobe.probe(m4a);
    assertNull(Ffprobe.stream(p, "video"));
    assertEquals("aac", Ffprobe.stream(p, "audio").get("codec_name").asText());
    assertEquals(4.0, p.get("format").get("duration").asDouble(), 0.1);

    Path ogg = tmp.resolve("audio.ogg");
    assertFalse(new Transcoder().extractAudio(mp4, AudioFormat.OGG_OPUS, ogg, (f, s) -> { })
        .copied());
    JsonNode q = Ffprobe.probe(ogg);
    assertNull(Ffprobe.stream(q, "video"));
    assertEquals("opus", Ffprobe.stream(q, "audio").get("codec_name").asText());
    assertEquals(4.0, q.get("format").get("duration").asDouble(), 0.1);
  }

  @Test
  void audioMixOfTheRecordingsTracks() throws Exception {
    var rec = SourceVideos.recording(tmp.resolve("rec"));
    for (AudioFormat f : AudioFormat.values()) {
      Path out = tmp.resolve("mix." + f.extension());
      AudioMixExporter.Report r = new AudioMixExporter().export(rec, f, out);
      assertEquals(java.util.List.of("alice-mic", "bob-mic"), r.tracks());
      JsonNode p = Ffprobe.probe(out);
      assertNull(Ffprobe.stream(p, "video"));
      JsonNode a = Ffprobe.stream(p, "audio");
      assertEquals(f.codecName(), a.get("codec_name").asText());
      assertEquals(2, a.get("channels").asInt());
      assertEquals(4.0, p.get("format").get("duration").asDouble(), 0.1);
      // bob's 500 Hz tone is in the mix
      assertTrue(Ffprobe.firstLoudSample(out, 0.5, 2, 0.05) < 1.5, f.toString());
    }
  }

  @Test
  void aFileThatIsNotMediaIsAClearError() throws Exception {
    Path junk = tmp.resolve("junk.mp4");
    Files.writeString(junk, "not a video");
    var e = assertThrows(IOException.class, () -> new Transcoder().transcode(junk,
        new TranscodeSpec(OutputFormat.WEBM_VP8, 0, 0, 0), tmp.resolve("x.webm"), (f, s) -> { }));
    assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
  }
}
