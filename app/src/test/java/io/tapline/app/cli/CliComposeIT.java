package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapline compose} and {@code tapline export} on a recording directory written the way the
 * tap writes it (the compositor's fixture: VP8 and Opus encoded in the JVM, RTP with sender
 * reports, rolled segments, manifest, events), checked with ffprobe.
 */
class CliComposeIT {
  @TempDir static Path tmp;
  static Path recording;

  @BeforeAll
  static void record() throws Exception {
    Ffprobe.assumeInstalled();
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(3);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240);
    b.participant("bob", "Bob").video(160, 90, 15).color(145, 54, 34).tone(500);
    recording = b.build().path();
  }

  @Test
  void composesAGridMp4WithProgressOnStderr() throws Exception {
    Path out = tmp.resolve("out/grid.mp4");
    CliRun r = CliRun.run("compose", recording.toString(), "--layout", "grid", "--format", "mp4", "--size", "640x360",
        "--fps", "15", "--progress", "plain", "-o", out.toString());
    assertEquals(0, r.code(), r.toString());

    JsonNode p = Ffprobe.probe(out);
    JsonNode v = Ffprobe.stream(p, "video");
    JsonNode a = Ffprobe.stream(p, "audio");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(640, v.get("width").asInt());
    assertEquals(360, v.get("height").asInt());
    assertEquals("15/1", v.get("r_frame_rate").asText());
    assertEquals("aac", a.get("codec_name").asText());
    assertEquals(3.0, p.get("format").get("duration").asDouble(), 0.1);
    assertEquals("", Ffprobe.decodeErrors(out));
    // the grid: Alice's colour on the left, Bob's on the right
    assertEquals(Ffprobe.fullRange(81), Ffprobe.lumaAt(out, 1.0, 200, 170, 20, 20), 8);
    assertEquals(Ffprobe.fullRange(145), Ffprobe.lumaAt(out, 1.0, 520, 170, 20, 20), 8);

    assertTrue(r.out().startsWith("wrote " + out + ": libx264 + aac, 640x360 at 15 fps, 3.00 s, 45 frames, "),
        r.out());
    List<String> progress = r.err().lines().filter(l -> l.startsWith("composing [")).toList();
    assertTrue(progress.size() >= 2, r.err());
    assertTrue(progress.get(progress.size() - 1).matches("composing \\[#{30}\\] 100\\.0% +\\d+\\.\\dx  done in \\d+:\\d\\d"),
        progress.get(progress.size() - 1));
    assertTrue(!r.err().contains("\r"), "plain lines when asked for (and when stderr is not a terminal)");
  }

  @Test
  void composesWebmWithACustomTemplateAndHls() throws Exception {
    Path template = Files.writeString(tmp.resolve("pip.json"), "{\"regions\":["
        + "{\"x\":0,\"y\":0,\"width\":1,\"height\":1,\"z\":0,\"fill\":\"participant:bob\"},"
        + "{\"x\":0.75,\"y\":0.75,\"width\":0.25,\"height\":0.25,\"z\":1,\"fill\":\"participant:alice\"}]}");
    Path webm = tmp.resolve("pip.webm");
    CliRun r = CliRun.run("compose", recording.toString(), "--layout", "custom", "--template", template.toString(),
        "--format", "webm", "--size", "320x180", "--fps", "15", "--progress", "none", "-o", webm.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    JsonNode p = Ffprobe.probe(webm);
    assertEquals("vp8", Ffprobe.stream(p, "video").get("codec_name").asText());
    assertEquals(320, Ffprobe.stream(p, "video").get("width").asInt());
    assertEquals("opus", Ffprobe.stream(p, "audio").get("codec_name").asText());
    assertEquals(3.0, p.get("format").get("duration").asDouble(), 0.1);
    // Bob fills the canvas, Alice sits in the bottom-right corner
    assertEquals(Ffprobe.fullRange(145), Ffprobe.lumaAt(webm, 1.0, 40, 40, 20, 20), 10);
    assertEquals(Ffprobe.fullRange(81), Ffprobe.lumaAt(webm, 1.0, 270, 150, 10, 10), 10);

    Path playlist = tmp.resolve("hls/index.m3u8");
    CliRun h = CliRun.run("compose", recording.toString(), "--format", "hls", "--size", "320x180", "--fps", "15",
        "--progress", "none", "-o", playlist.toString());
    assertEquals(0, h.code(), h.toString());
    assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"));
    JsonNode hp = Ffprobe.probe(playlist);
    assertEquals("h264", Ffprobe.stream(hp, "video").get("codec_name").asText());
    assertEquals(3.0, hp.get("format").get("duration").asDouble(), 0.15);
  }

  @Test
  void exportsEveryTrackWithoutReencoding() throws Exception {
    Path outDir = tmp.resolve("tracks");
    CliRun r = CliRun.run("export", recording.toString(), "-o", outDir.toString());
    assertEquals(0, r.code(), r.toString());
    for (String track : List.of("alice-cam", "bob-cam")) {
      Path f = outDir.resolve(track + ".webm");
      JsonNode v = Ffprobe.stream(Ffprobe.probe(f), "video");
      assertEquals("vp8", v.get("codec_name").asText(), track);
      assertEquals(160, v.get("width").asInt(), track);
      assertEquals("", Ffprobe.decodeErrors(f), track);
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(track + " ") && l.contains("VP8")), r.out());
    }
    for (String track : List.of("alice-mic", "bob-mic")) {
      JsonNode a = Ffprobe.stream(Ffprobe.probe(outDir.resolve(track + ".ogg")), "audio");
      assertEquals("opus", a.get("codec_name").asText(), track);
    }
    assertTrue(r.out().startsWith("TRACK"), r.out());
  }
}
