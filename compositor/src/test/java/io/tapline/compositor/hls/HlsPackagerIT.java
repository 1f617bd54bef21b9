package io.tapline.compositor.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.SourceVideos;
import io.tapline.compositor.transcode.Transcoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsPackagerIT {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path mp4;
  static Path webm;

  @BeforeAll
  static void sources() throws IOException {
    Ffprobe.assumeInstalled();
    mp4 = SourceVideos.composition(shared, OutputFormat.MP4, "grid.mp4");
    webm = SourceVideos.composition(shared, OutputFormat.WEBM_VP8, "grid.webm");
  }

  @Test
  void fmp4FromAnMp4IsCopiedAndEverySegmentPlays() throws Exception {
    Path dir = tmp.resolve("hls");
    HlsPackager.Report r = new HlsPackager(new Transcoder()).pack(mp4,
        new HlsSpec(HlsSpec.SegmentType.FMP4, 2), dir, (f, s) -> { });
    assertTrue(r.copied());
    List<Entry> entries = parse(r.playlist());
    assertEquals(r.segments(), entries.size());
    assertTrue(entries.size() >= 2, "4 s in segments of 2 s: " + entries);
    assertEquals(4.0, entries.stream().mapToDouble(Entry::seconds).sum(), 0.1);
    assertTrue(Files.readString(r.playlist()).contains("#EXT-X-MAP:URI=\"init.mp4\""));
    byte[] init = Files.readAllBytes(dir.resolve(HlsPackager.INIT));
    for (Entry e : entries) {
      assertFalse(e.uri().contains("/"), "relative to the playlist: " + e.uri());
      Path whole = tmp.resolve("probe-" + e.uri() + ".mp4");
      try (OutputStream out = Files.newOutputStream(whole)) {
        out.write(init);
        out.write(Files.readAllBytes(dir.resolve(e.uri())));
      }
      checkSegment(whole, e.seconds());
    }
    JsonNode all = Ffprobe.probe(r.playlist());
    assertEquals(4.0, all.get("format").get("duration").asDouble(), 0.1);
  }

  @Test
  void tsFromAWebmIsTranscodedToH264() throws Exception {
    Path dir = tmp.resolve("ts");
    HlsPackager.Report r = new HlsPackager(new Transcoder()).pack(webm,
        new HlsSpec(HlsSpec.SegmentType.TS, 2), dir, (f, s) -> { });
    assertFalse(r.copied());
    List<Entry> entries = parse(r.playlist());
    assertTrue(entries.size() >= 2, entries.toString());
    for (Entry e : entries) {
      assertTrue(e.uri().endsWith(".ts"));
      checkSegment(dir.resolve(e.uri()), e.seconds());
    }
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "the intermediate MP4 is gone");
    }
  }

  private static void checkSegment(Path file, double seconds) throws IOException {
    JsonNode p = Ffprobe.probe(file);
    JsonNode v = Ffprobe.stream(p, "video");
    assertEquals("h264", v.get("codec_name").asText(), file.toString());
    assertEquals(320, v.get("width").asInt());
    assertEquals("aac", Ffprobe.stream(p, "audio").get("codec_name").asText());
    // EXTINF is the video's length: its pictures at 15 fps (a fragment's times start where the
    // previous one ended, so the file's own duration is no measure)
    assertEquals(seconds, Ffprobe.videoPacketFlags(file).size() / 15.0, 1 / 15.0 + 0.01,
        file.toString());
    assertTrue(Ffprobe.videoPacketFlags(file).get(0).startsWith("K"), "starts on a keyframe");
    assertEquals("", Ffprobe.decodeErrors(file));
  }

  record Entry(double seconds, String uri) {}

  /** The media segments of a VOD media playlist (RFC 8216 4.3.2.1 EXTINF, then the URI line). */
  static List<Entry> parse(Path playlist) throws IOException {
    List<String> lines = Files.readAllLines(playlist);
    assertEquals("#EXTM3U", lines.get(0));
    assertTrue(lines.contains("#EXT-X-ENDLIST"), "a complete VOD playlist");
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("#EXTINF:")) {
        String d = lines.get(i).substring(8).split(",")[0];
        out.add(new Entry(Double.parseDouble(d), lines.get(i + 1).trim()));
      }
    }
    return out;
  }
}
