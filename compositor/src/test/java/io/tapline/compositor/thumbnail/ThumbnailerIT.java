package io.tapline.compositor.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.SourceVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailerIT {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path webm;

  @BeforeAll
  static void source() throws IOException {
    Ffprobe.assumeInstalled();
    webm = SourceVideos.composition(shared, OutputFormat.WEBM_VP8, "grid.webm");
  }

  @Test
  void posterAtAGivenTimeAsJpegAndPng() throws Exception {
    for (ImageFormat f : ImageFormat.values()) {
      Path out = tmp.resolve("poster." + f.extension());
      Thumbnailer.Image img = new Thumbnailer().poster(webm, 2_000_000,
          new ThumbnailSpec(f, 160, 0), out);
      assertEquals(2.0, img.atMicros() / 1e6, 0.1);
      JsonNode v = Ffprobe.stream(Ffprobe.probe(out), "video");
      assertEquals(f.codecName(), v.get("codec_name").asText());
      assertEquals(160, v.get("width").asInt());
      assertEquals(90, v.get("height").asInt());
    }
    // alice's tile (left half of the grid, blue-ish: luma 81) is a picture, not black
    Path png = tmp.resolve("poster.png");
    assertEquals(Ffprobe.fullRange(81), Ffprobe.lumaAt(png, 0, 20, 30, 30, 30), 12);
  }

  @Test
  void stripOfTilesAndASprite() throws Exception {
    Thumbnailer.Strip s = new Thumbnailer().strip(webm, 12,
        new ThumbnailSpec(ImageFormat.JPEG, 80, 46), tmp.resolve("strip"));
    assertEquals(12, s.tiles().size());
    assertEquals(10, s.columns());
    assertEquals(2, s.rows());
    for (int i = 0; i < 12; i++) {
      Thumbnailer.Image t = s.tiles().get(i);
      JsonNode v = Ffprobe.stream(Ffprobe.probe(t.file()), "video");
      assertEquals(80, v.get("width").asInt());
      assertEquals(46, v.get("height").asInt());
      assertEquals((i + 0.5) * 4.0 / 12, t.atMicros() / 1e6, 0.1, "tile " + i);
    }
    try (var files = Files.list(tmp.resolve("strip"))) {
      assertEquals(13, files.count(), "12 tiles and the sprite, no partial file");
    }
    JsonNode sprite = Ffprobe.stream(Ffprobe.probe(s.sprite()), "video");
    assertEquals(800, sprite.get("width").asInt());
    assertEquals(92, sprite.get("height").asInt());
    // the unused cells of the second row are black
    assertTrue(Ffprobe.lumaAt(s.sprite(), 0, 700, 50, 60, 30) < 20);
  }

  @Test
  void aPosterPastTheEndIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Thumbnailer().poster(webm,
        60_000_000, new ThumbnailSpec(ImageFormat.JPEG, 160, 0), tmp.resolve("x.jpg")));
    assertTrue(e.getMessage().contains("outside the video"), e.getMessage());
  }
}
