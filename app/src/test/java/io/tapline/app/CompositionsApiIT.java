package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.jobs.batch.fixture.Ffprobe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A finalized recording's outputs and new compositions over REST. The recording is what the tap
 * writes (three participants, VP8 + Opus, synthetic), placed where the SFU would, then finalized by
 * the app's own finalize launcher; everything after that goes through HTTP.
 */
class CompositionsApiIT extends AppTestSupport {
  static final double SECONDS = 3;
  @BeforeAll
  static void ffprobe() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void listsAndDownloadsOutputsThenComposesAnotherLayout() throws Exception {
    String key = newKey("composer");
    String rec = finalizedRecording(key, "composer", SECONDS);

    JsonNode outputs = get("/api/v1/recordings/" + rec + "/outputs", key).json();
    Set<String> ids = new HashSet<>();
    outputs.get("items").forEach(o -> ids.add(o.get("outputId").asText()));
    assertEquals(7, ids.size(), outputs.toString()); // 6 tracks + the grid
    assertTrue(ids.contains("track-bob-cam") && ids.contains("track-alice-mic"), ids.toString());
    JsonNode cam = find(outputs, "track-bob-cam");
    assertEquals("video/webm", cam.get("contentType").asText());
    assertEquals("bob", cam.get("participantId").asText());
    JsonNode grid = null;
    for (JsonNode o : outputs.get("items")) {
      if (o.get("kind").asText().equals("composition")) {
        grid = o;
      }
    }
    assertNotNull(grid, outputs.toString());
    assertEquals("video/mp4", grid.get("contentType").asText());

    // Stream one output whole and by range; the checksum is the index's
    String camContent = "/api/v1/recordings/" + rec + "/outputs/track-bob-cam/content";
    HttpResponse<byte[]> whole = getBytes(camContent + "?redirect=false", key);
    assertEquals(200, whole.statusCode());
    assertEquals(cam.get("sha256").asText(), sha256(whole.body()));
    assertEquals(cam.get("size").asLong(), whole.body().length);
    HttpResponse<byte[]> head = getBytes(camContent + "?redirect=false", key, "Range", "bytes=0-31");
    assertEquals(206, head.statusCode());
    assertArrayEquals(Arrays.copyOf(whole.body(), 32), head.body());
    assertEquals(0x1A, head.body()[0] & 0xFF, "EBML magic: a WebM file");
    HttpResponse<byte[]> redirect = getBytes(camContent, key);
    assertEquals(302, redirect.statusCode());
    HttpResponse<byte[]> presigned = http.send(HttpRequest.newBuilder(
        URI.create(redirect.headers().firstValue("Location").orElseThrow())).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, presigned.statusCode());
    assertEquals(cam.get("sha256").asText(), sha256(presigned.body()));
    get("/api/v1/recordings/" + rec + "/outputs/track-nobody/content", key).problem(404, "not-found");

    // A composition in another layout, size and format
    Response asked = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"active-speaker\",\"format\":\"mp4\",\"width\":240,\"height\":136,\"fps\":10}");
    assertEquals(202, asked.status(), asked.body());
    JsonNode c = asked.json();
    String id = c.get("compositionId").asText();
    assertEquals(rec, c.get("recordingId").asText());
    assertEquals("active-speaker", c.get("layout").asText());
    assertEquals("mp4", c.get("format").asText());
    assertTrue(Set.of("queued", "running", "available").contains(c.get("status").asText()), c.toString());
    JsonNode done = awaitComposition(key, id);
    assertEquals("available", done.get("status").asText(), done.toString());
    assertEquals(1.0, done.get("progress").asDouble());

    HttpResponse<byte[]> mp4 = getBytes("/api/v1/compositions/" + id + "/content?redirect=false", key);
    assertEquals(200, mp4.statusCode());
    assertEquals(done.get("sha256").asText(), sha256(mp4.body()));
    Path file = Files.createTempFile(DATA_DIR, "composition", ".mp4");
    Files.write(file, mp4.body());
    JsonNode probe = Ffprobe.probe(file);
    JsonNode v = Ffprobe.stream(probe, "video");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(240, v.get("width").asInt());
    assertEquals(136, v.get("height").asInt());
    assertEquals("aac", Ffprobe.stream(probe, "audio").get("codec_name").asText());
    assertEquals(SECONDS, probe.get("format").get("duration").asDouble(), 0.3);
    assertEquals("", Ffprobe.decodeErrors(file));
    HttpResponse<byte[]> viaUrl = getBytes("/api/v1/compositions/" + id + "/content", key);
    assertEquals(302, viaUrl.statusCode());

    // A custom layout from a template, in WebM (VP8/Opus)
    String template = "{\"regions\":[{\"x\":0,\"y\":0,\"width\":1,\"height\":1,\"z\":0,\"fill\":\"speaker\"},"
        + "{\"x\":0.75,\"y\":0.75,\"width\":0.25,\"height\":0.25,\"z\":1,\"fill\":\"participant:alice\"}]}";
    Response customAsked = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"custom\",\"format\":\"webm\",\"width\":160,\"height\":90,\"fps\":10,\"template\":"
            + template + "}");
    assertEquals(202, customAsked.status(), customAsked.body());
    assertEquals("custom", customAsked.json().get("layout").asText());
    assertEquals(JSON.readTree(template), customAsked.json().get("template"));
    JsonNode custom = awaitComposition(key, customAsked.json().get("compositionId").asText());
    assertEquals("available", custom.get("status").asText(), custom.toString());
    HttpResponse<byte[]> webm = getBytes("/api/v1/compositions/" + custom.get("compositionId").asText()
        + "/content?redirect=false", key);
    assertEquals("video/webm", webm.headers().firstValue("Content-Type").orElse(""));
    Path webmFile = Files.createTempFile(DATA_DIR, "custom", ".webm");
    Files.write(webmFile, webm.body());
    JsonNode customProbe = Ffprobe.probe(webmFile);
    JsonNode cv = Ffprobe.stream(customProbe, "video");
    assertEquals("vp8", cv.get("codec_name").asText());
    assertEquals(160, cv.get("width").asInt());
    assertEquals(90, cv.get("height").asInt());
    assertEquals("opus", Ffprobe.stream(customProbe, "audio").get("codec_name").asText());

    JsonNode list = get("/api/v1/recordings/" + rec + "/compositions", key).json();
    assertEquals(3, list.get("total").asInt(), list.toString());
    Set<String> layouts = new HashSet<>();
    list.get("items").forEach(x -> layouts.add(x.get("layout").asText()));
    assertEquals(Set.of("grid", "active-speaker", "custom"), layouts);
    assertEquals(9, get("/api/v1/recordings/" + rec + "/outputs", key).json().get("items").size(),
        "the new compositions are outputs too");
    // Asking again names the same composition, already there
    Response again = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"active-speaker\",\"format\":\"mp4\",\"width\":240,\"height\":136,\"fps\":10}");
    assertEquals(id, again.json().get("compositionId").asText());
    assertEquals("available", again.json().get("status").asText());

    // Scoping: another application sees none of it
    String other = newKey("composer-other");
    get("/api/v1/recordings/" + rec + "/outputs", other).problem(404, "not-found");
    get(camContent, other).problem(404, "not-found");
    post("/api/v1/recordings/" + rec + "/compositions", other, "{\"layout\":\"grid\"}").problem(404, "not-found");
    get("/api/v1/recordings/" + rec + "/compositions", other).problem(404, "not-found");
    get("/api/v1/compositions/" + id, other).problem(404, "not-found");
    get("/api/v1/compositions/" + id + "/content", other).problem(404, "not-found");
    get("/api/v1/compositions/" + id, null).problem(401, "unauthorized");
  }

  @Test
  void validatesRequests() throws Exception {
    String key = newKey("composer-strict");
    String conv = createConversation(key, "Live");
    Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
    String live = started.json().get("recordingId").asText();
    String path = "/api/v1/recordings/" + live + "/compositions";
    post(path, key, "{\"layout\":\"grid\"}").problem(409, "invalid-state");
    assertEquals(0, get("/api/v1/recordings/" + live + "/outputs", key).json().get("items").size());
    post(path, key, "{\"layout\":\"mosaic\"}").problem(400, "validation");
    post(path, key, "{\"layout\":\"custom\"}").problem(400, "validation");
    post(path, key, "{\"layout\":\"custom\",\"template\":{\"regions\":[]}}").problem(400, "validation");
    post(path, key, "{\"layout\":\"custom\",\"template\":\"regions\"}").problem(400, "validation");
    post(path, key, "{\"layout\":\"custom\",\"template\":{\"regions\":[{\"x\":0.5,\"y\":0,\"width\":1,"
        + "\"height\":1,\"z\":0,\"fill\":\"slot\"}]}}").problem(400, "validation");
    post(path, key, "{\"layout\":\"single\",\"participantId\":\"a b\"}").problem(400, "validation");
    post(path, key, "{\"layout\":\"grid\",\"participantId\":\"alice\"}").problem(400, "validation");
    post(path, key, "{\"format\":\"hls\"}").problem(400, "validation");
    post(path, key, "{\"format\":\"avi\"}").problem(400, "validation");
    post(path, key, "{\"width\":15}").problem(400, "validation");
    post(path, key, "{\"height\":181}").problem(400, "validation");
    post(path, key, "{\"width\":8000}").problem(400, "validation");
    post(path, key, "{\"fps\":0}").problem(400, "validation");
    post(path, key, "{\"layout\":\"grid\",\"template\":{\"regions\":[]}}").problem(400, "validation");
    post(path, key, "{\"width\":\"wide\"}").problem(400, "bad-json");
    post(path, key, null).problem(400, "validation");
    get("/api/v1/compositions/nope", key).problem(404, "not-found");
    get("/api/v1/recordings/rec-none/compositions", key).problem(404, "not-found");
    post("/api/v1/recordings/" + live + "/stop", key, null);
  }

  private JsonNode awaitComposition(String key, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode c = null;
    double lastProgress = 0;
    while (System.nanoTime() < deadline) {
      c = get("/api/v1/compositions/" + id, key).json();
      String s = c.get("status").asText();
      assertTrue(c.get("progress").asDouble() >= lastProgress - 1e-9, "progress only grows: " + c);
      lastProgress = c.get("progress").asDouble();
      if (s.equals("available") || s.equals("failed")) {
        return c;
      }
      Thread.sleep(250);
    }
    return c;
  }

  private static JsonNode find(JsonNode outputs, String id) {
    for (JsonNode o : outputs.get("items")) {
      if (o.get("outputId").asText().equals(id)) {
        return o;
      }
    }
    throw new AssertionError(id + " not in " + outputs);
  }
}
