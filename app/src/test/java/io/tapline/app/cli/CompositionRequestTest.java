package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.compose.CompositionSpec;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositionRequestTest {
  private static final String PIP = "{\"regions\":[{\"x\":0,\"y\":0,\"width\":1,\"height\":1,\"z\":0,\"fill\":\"speaker\"},"
      + "{\"x\":0.75,\"y\":0.75,\"width\":0.25,\"height\":0.25,\"z\":1,\"fill\":\"slot\"}]}";

  @Test
  void mapsTheOptionsOntoTheCompositorSpec() {
    CompositionSpec s = CompositionRequest.of("active-speaker", "WebM", "640x360", 25, null, null).spec();
    assertEquals(LayoutKind.ACTIVE_SPEAKER, s.layout());
    assertEquals(OutputFormat.WEBM_VP8, s.format());
    assertEquals(640, s.width());
    assertEquals(360, s.height());
    assertEquals(25, s.fps());
    assertEquals("realtime", s.preset()); // libvpx's deadline, not x264's preset

    CompositionSpec hls = CompositionRequest.of("custom", "hls", "1280x720", 30, PIP, null).spec();
    assertEquals(LayoutKind.CUSTOM, hls.layout());
    assertEquals(OutputFormat.HLS_FMP4, hls.format());
    assertEquals(PIP, hls.templateJson());

    CompositionSpec single = CompositionRequest.of("SINGLE", "mp4", "320x240", 15, null, "alice").spec();
    assertEquals(LayoutKind.SINGLE, single.layout());
    assertEquals("alice", single.participantId());
  }

  @Test
  void theRestBodyHasTheApisFieldNames() {
    CompositionRequest r = CompositionRequest.of("presentation", "mp4", "1920x1080", 30, null, null);
    assertEquals(Map.of("layout", "presentation", "format", "mp4", "width", 1920, "height", 1080, "fps", 30), r.body());
    Map<String, Object> custom = CompositionRequest.of("custom", "mp4", "1280x720", 30, PIP, null).body();
    assertEquals("speaker", ((com.fasterxml.jackson.databind.JsonNode) custom.get("template"))
        .get("regions").get(0).get("fill").asText());
  }

  @Test
  void badOptionsAreUsageErrorsThatSayWhatToChange() {
    assertUsage("--layout must be grid, active-speaker", () -> CompositionRequest.of("mosaic", "mp4", "1280x720", 30, null, null));
    assertUsage("--format must be mp4, webm or hls", () -> CompositionRequest.of("grid", "avi", "1280x720", 30, null, null));
    assertUsage("--size must be WIDTHxHEIGHT", () -> CompositionRequest.of("grid", "mp4", "1280*720", 30, null, null));
    assertUsage("--size must be even", () -> CompositionRequest.of("grid", "mp4", "1279x720", 30, null, null));
    assertUsage("--size must be even", () -> CompositionRequest.of("grid", "mp4", "8x8", 30, null, null));
    assertUsage("--size must be even", () -> CompositionRequest.of("grid", "mp4", "99999x720", 30, null, null));
    assertUsage("--fps must be 1-120", () -> CompositionRequest.of("grid", "mp4", "1280x720", 0, null, null));
    assertUsage("--fps must be 1-120", () -> CompositionRequest.of("grid", "mp4", "1280x720", 121, null, null));
    assertUsage("needs --template", () -> CompositionRequest.of("custom", "mp4", "1280x720", 30, null, null));
    assertUsage("only goes with --layout custom", () -> CompositionRequest.of("grid", "mp4", "1280x720", 30, PIP, null));
    assertUsage("--template: not a layout template", () -> CompositionRequest.of("custom", "mp4", "1280x720", 30, "{", null));
    assertUsage("--template: template region outside the canvas", () -> CompositionRequest.of("custom", "mp4",
        "1280x720", 30, "{\"regions\":[{\"x\":0.5,\"y\":0,\"width\":0.8,\"height\":1,\"fill\":\"speaker\"}]}", null));
    assertUsage("--template: a custom layout needs at least one region",
        () -> CompositionRequest.of("custom", "mp4", "1280x720", 30, "{\"regions\":[]}", null));
    assertUsage("--participant only goes with --layout single",
        () -> CompositionRequest.of("grid", "mp4", "1280x720", 30, null, "alice"));
  }

  private static void assertUsage(String message, org.junit.jupiter.api.function.Executable call) {
    CliException e = assertThrows(CliException.class, call);
    assertEquals(ExitCodes.USAGE, e.exitCode(), e.getMessage());
    assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
  }
}
