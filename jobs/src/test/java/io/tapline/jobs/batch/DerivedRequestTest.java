package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.jobs.batch.PostProcessRequest.Operation;
import io.tapline.storage.StorageException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedRequestTest {
  private static final String SRC = "rec1-grid-mp4-1280x720-30";

  @Test
  void idsAreDerivedFromSourceAndSettingsAndAliasesNameOneOutput() {
    assertEquals(SRC + "-webm-vp9-640x0-800k",
        DerivedRequest.transcode(SRC, "webm_vp9", 640, 0, 800_000).outputId("rec1"));
    assertEquals(DerivedRequest.poster(SRC, "jpg", 320, 0, 1500).outputId("rec1"),
        DerivedRequest.poster(SRC, "JPEG", 320, 0, 1500).outputId("rec1"));
    assertEquals("rec1-mix-m4a-aac",
        DerivedRequest.audio(DerivedRequest.MIX, "m4a").outputId("rec1"));
    String hashed = DerivedRequest.thumbnails("x".repeat(60), "png", 160, 0, 20)
        .outputId("rec1");
    assertTrue(hashed.matches("d-[0-9a-f]{48}"), hashed);
    assertEquals(hashed, DerivedRequest.thumbnails("x".repeat(60), "png", 160, 0, 20)
        .outputId("rec1"));
    // different settings, different outputs
    assertFalse(DerivedRequest.hls(SRC, "hls_ts", 4).outputId("r")
        .equals(DerivedRequest.hls(SRC, "hls_ts", 6).outputId("r")));
  }

  @Test
  void indexedFormatsFitTheirColumnAndFilesFollowTheOperation() {
    for (DerivedRequest d : all()) {
      assertTrue(d.formatName().length() <= 16, d.formatName());
    }
    assertEquals("index.m3u8", DerivedRequest.hls(SRC, "fmp4", 4).mainFile("x"));
    assertEquals("sprite.png", DerivedRequest.thumbnails(SRC, "png", 80, 0, 3).mainFile("x"));
    assertEquals("x.webm", DerivedRequest.transcode(SRC, "webm", 0, 0, 0).mainFile("x"));
    assertEquals("x.m4a", DerivedRequest.audio(SRC, "aac").mainFile("x"));
    assertTrue(DerivedRequest.hls(SRC, "ts", 4).multiFile());
    assertFalse(DerivedRequest.poster(SRC, "png", 80, 0, 0).multiFile());
    assertTrue(DerivedRequest.transcode(SRC, "mp4", 0, 0, 0).costly());
    assertTrue(DerivedRequest.audio(DerivedRequest.MIX, "ogg").costly());
    assertFalse(DerivedRequest.audio(SRC, "ogg").costly());
  }

  @Test
  void jobParametersDescribeTheSameRequest() {
    for (DerivedRequest d : all()) {
      PostProcessRequest r = PostProcessRequest.derive("rec1", d);
      Map<String, Object> params = new HashMap<>();
      r.toParameters().getParameters().forEach((k, v) -> params.put(k, v.getValue()));
      assertEquals(r, PostProcessRequest.fromParameters(params));
      assertEquals(d.outputId("rec1"), r.workKey());
    }
  }

  @Test
  void badRequestsAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class,
        () -> DerivedRequest.transcode(SRC, "hls_ts", 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> DerivedRequest.audio(SRC, "mp3"));
    assertThrows(IllegalArgumentException.class,
        () -> DerivedRequest.poster(SRC, "gif", 160, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DerivedRequest.poster(SRC, "png", 160, 0, -1));
    assertThrows(IllegalArgumentException.class,
        () -> DerivedRequest.thumbnails(SRC, "png", 160, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> DerivedRequest.hls(SRC, "dash", 4));
    assertThrows(IllegalArgumentException.class, () -> DerivedRequest.hls(SRC, "hls_ts", 0));
    var e = assertThrows(IllegalArgumentException.class,
        () -> DerivedRequest.poster(DerivedRequest.MIX, "png", 160, 0, 0));
    assertTrue(e.getMessage().contains("composition id"), e.getMessage());
    assertThrows(StorageException.class, () -> DerivedRequest.audio("../x", "ogg"));
    assertThrows(IllegalArgumentException.class, () -> new PostProcessRequest("rec1",
        Operation.TRANSCODE, null, null));
    assertThrows(IllegalArgumentException.class, () -> new PostProcessRequest("rec1",
        Operation.POSTER, null, DerivedRequest.hls(SRC, "ts", 4)));
  }

  private static List<DerivedRequest> all() {
    return List.of(DerivedRequest.transcode(SRC, "webm_vp9", 640, 360, 800_000),
        DerivedRequest.audio(SRC, "m4a"), DerivedRequest.audio(DerivedRequest.MIX, "ogg"),
        DerivedRequest.poster(SRC, "png", 320, 0, 2500),
        DerivedRequest.thumbnails(SRC, "jpeg", 160, 90, 20),
        DerivedRequest.hls(SRC, "hls_fmp4", 4), DerivedRequest.hls(SRC, "hls_ts", 6));
  }
}
