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
    post(path, key, "{\"format\":\"hls\",\"segmentSeconds\":0}").problem(400, "validation");
    post(path, key, "{\"format\":\"hls-ts\",\"segmentSeconds\":61}").problem(400, "validation");
    post(path, key, "{\"format\":\"mp4\",\"segmentSeconds\":2}").problem(400, "validation");
    post(path, key, "{\"format\":\"hls-dash\"}").problem(400, "validation");
    post(path, key, "{\"format\":\"hls\",\"segmentSeconds\":\"two\"}").problem(400, "bad-json");
    post(path, key, "{\"format\":\"hls\"}").problem(409, "invalid-state"); // valid, but not finalized yet
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

  /**
   * HLS over REST: a grid in a size the finalize job did not make is composed (MP4) and then
   * packaged (fMP4, 1 s segments); a second request packages the finalize job's own MP4 as TS. The
   * content endpoint redirects to a signed playlist link that ffprobe and ffmpeg open with no API
   * key; every URI of the playlist is a presigned URL of the object store.
   */
  @Test
  void packagesHlsAndServesAPlaylistAPlayerOpensFromItsUrl() throws Exception {
    String key = newKey("hls-viewer");
    String rec = finalizedRecording(key, "hls-viewer", SECONDS);
    Response asked = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"grid\",\"format\":\"hls\",\"width\":240,\"height\":136,\"fps\":10,\"segmentSeconds\":1}");
    assertEquals(202, asked.status(), asked.body());
    JsonNode c = asked.json();
    String id = c.get("compositionId").asText();
    String source = rec + "-grid-mp4-240x136-10";
    assertEquals(source + "-hls-fmp4-1s", id);
    assertEquals("hls-fmp4", c.get("format").asText());
    assertEquals(1, c.get("segmentSeconds").asInt());
    assertEquals(source, c.get("sourceCompositionId").asText());
    assertEquals("composing", c.get("stage").asText(), c.toString());
    JsonNode done = awaitComposition(key, id);
    assertEquals("available", done.get("status").asText(), done.toString());
    assertEquals(1.0, done.get("progress").asDouble());

    JsonNode outputs = get("/api/v1/recordings/" + rec + "/outputs", key).json();
    JsonNode out = find(outputs, "composition-" + id);
    assertEquals("application/vnd.apple.mpegurl", out.get("contentType").asText());
    find(outputs, "composition-" + source); // the MP4 it was packaged from is an output too

    // The playlist itself: every URI presigned and fetchable without an API key
    String content = "/api/v1/recordings/" + rec + "/outputs/composition-" + id + "/content";
    HttpResponse<byte[]> direct = getBytes(content + "?redirect=false", key);
    assertEquals(200, direct.statusCode());
    assertTrue(direct.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.apple.mpegurl"));
    String playlist = new String(direct.body(), java.nio.charset.StandardCharsets.UTF_8);
    java.util.List<String> uris = playlistUris(playlist);
    // init + segments cut at keyframes (the composer's GOP may be longer than the 1 s target)
    assertTrue(uris.size() >= 3, "init + at least 2 segments: " + playlist);
    double extinf = 0;
    for (String line : playlist.split("\n")) {
      if (line.startsWith("#EXTINF:")) {
        extinf += Double.parseDouble(line.substring(8, line.indexOf(',')));
      }
    }
    assertEquals(SECONDS, extinf, 0.3, playlist);
    assertTrue(playlist.contains("#EXT-X-MAP:URI=\"http"), playlist);
    for (String u : uris) {
      assertTrue(u.startsWith("http://127.0.0.1:") && u.contains("X-Amz-Signature="), u);
      HttpResponse<byte[]> seg = http.send(HttpRequest.newBuilder(URI.create(u)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, seg.statusCode(), u);
      assertTrue(seg.body().length > 0, u);
    }

    // The default answer: a signed playlist link a plain player opens
    HttpResponse<byte[]> redirect = getBytes(content, key);
    assertEquals(302, redirect.statusCode());
    String link = redirect.headers().firstValue("Location").orElseThrow();
    assertTrue(link.startsWith(base() + "/hls/" + id + "/index.m3u8?expires="), link);
    JsonNode probe = probeUrl(link);
    JsonNode v = Ffprobe.stream(probe, "video");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(240, v.get("width").asInt());
    assertEquals(136, v.get("height").asInt());
    assertEquals("aac", Ffprobe.stream(probe, "audio").get("codec_name").asText());
    assertEquals(SECONDS, probe.get("format").get("duration").asDouble(), 0.5, probe.toString());
    assertEquals("", decodeErrors(link));
    assertEquals(302, getBytes("/api/v1/compositions/" + id + "/content", key).statusCode());

    // The recording's own GET lists the HLS composition with a signed playlist link, not the raw playlist
    JsonNode listed = null;
    for (JsonNode f : get("/api/v1/recordings/" + rec, key).json().get("compositions")) {
      if (f.get("compositionId").asText().equals(id)) {
        listed = f;
      }
    }
    assertNotNull(listed, "the recording lists " + id);
    String listedUrl = listed.get("file").get("url").asText();
    assertTrue(listedUrl.startsWith(base() + "/hls/" + id + "/index.m3u8?expires="), listed.toString());
    assertEquals(SECONDS, probeUrl(listedUrl).get("format").get("duration").asDouble(), 0.5);

    // Links are checked; the API key is not what opens them
    Response tampered = send(HttpRequest.newBuilder(URI.create(link.replace("expires=", "expires=1"))).GET().build());
    tampered.problem(403, "link-invalid");
    send(HttpRequest.newBuilder(URI.create(base() + "/hls/" + id + "/index.m3u8")).GET().build())
        .problem(403, "link-invalid");
    send(HttpRequest.newBuilder(URI.create(base() + "/hls/" + id + "/index.m3u8?expires=soon&signature=ab")).GET()
        .build()).problem(400, "validation");
    get(content, newKey("hls-other")).problem(404, "not-found");

    // TS segments from the finalize job's own MP4: nothing to compose, packaging right away
    Response ts = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"grid\",\"format\":\"hls-ts\",\"width\":320,\"height\":180,\"fps\":15,\"segmentSeconds\":2}");
    assertEquals(202, ts.status(), ts.body());
    String tsId = ts.json().get("compositionId").asText();
    assertEquals(rec + "-grid-mp4-320x180-15-hls-ts-2s", tsId);
    assertEquals("available", awaitComposition(key, tsId).get("status").asText());
    HttpResponse<byte[]> tsLink = getBytes("/api/v1/compositions/" + tsId + "/content", key);
    assertEquals(302, tsLink.statusCode());
    JsonNode tsProbe = probeUrl(tsLink.headers().firstValue("Location").orElseThrow());
    assertEquals(320, Ffprobe.stream(tsProbe, "video").get("width").asInt());
    assertEquals("hls", tsProbe.get("format").get("format_name").asText(), tsProbe.toString());
    assertTrue(playlistUris(new String(getBytes("/api/v1/compositions/" + tsId + "/content?redirect=false", key)
        .body(), java.nio.charset.StandardCharsets.UTF_8)).stream().allMatch(u -> u.contains(".ts?")));
  }

  /** Segment lines and URI attributes (RFC 8216 4.1, 4.2). */
  static java.util.List<String> playlistUris(String playlist) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("URI=\"([^\"]*)\"").matcher(playlist);
    while (m.find()) {
      out.add(m.group(1));
    }
    for (String line : playlist.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.strip());
      }
    }
    return out;
  }

  static JsonNode probeUrl(String url) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", url)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "ffprobe " + url);
    return JSON.readTree(out);
  }

  static String decodeErrors(String url) throws Exception {
    Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", url, "-f", "null", "-")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), err);
    return err;
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
