package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of the endpoints the server is still gaining (compositions, outputs, files),
 * against a stand-in on 127.0.0.1 that answers the documented shapes, plus a second server playing
 * the object store behind the presigned redirects.
 */
class RemoteCommandsTest {
  private static final String KEY = "tpk_test_key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  HttpServer api;
  HttpServer storage;
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  final List<String> storageAuthHeaders = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger polls = new AtomicInteger();
  volatile JsonNode composeBody;

  @BeforeEach
  void start() throws IOException {
    storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    storage.createContext("/bucket/", ex -> {
      storageAuthHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      byte[] body = objects.get(ex.getRequestURI().getPath().substring("/bucket/".length()));
      if (body == null || !ex.getRequestURI().getQuery().contains("X-Amz-Signature=")) {
        send(ex, 403, "application/xml", "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8));
      } else {
        send(ex, 200, "application/octet-stream", body);
      }
    });
    storage.start();
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/api/v1/", ex -> {
      try {
        handle(ex);
      } catch (IOException | RuntimeException e) {
        e.printStackTrace(); // a bug in the stand-in shows here rather than as a dropped connection
        throw e;
      }
    });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    storage.stop(0);
  }

  private String presigned(String object) {
    return "http://127.0.0.1:" + storage.getAddress().getPort() + "/bucket/" + object + "?X-Amz-Signature=abc";
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/api/v1".length());
    String query = ex.getRequestURI().getQuery();
    requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
    if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      problem(ex, 401, "Unauthorized", "the API key is unknown or revoked");
      return;
    }
    byte[] video = objects.get("composite.mp4");
    switch (ex.getRequestMethod() + " " + path) {
      case "POST /recordings/rec-1/compositions", "POST /recordings/rec-2/compositions",
          "POST /recordings/rec-3/compositions" -> {
        composeBody = JSON.readTree(ex.getRequestBody().readAllBytes());
        String id = path.contains("rec-1") ? "c-1" : path.contains("rec-2") ? "c-2" : "c-3";
        json(ex, 202, Map.of("compositionId", id, "recordingId", path.split("/")[2], "status", "queued"));
      }
      case "POST /recordings/rec-404/compositions" -> problem(ex, 404, "Not Found", "no recording rec-404");
      case "GET /compositions/c-1" -> {
        int n = polls.incrementAndGet();
        String status = n == 1 ? "queued" : n < 4 ? "running" : "available";
        json(ex, 200, Map.of("compositionId", "c-1", "status", status, "progress", Math.min(1.0, (n - 1) / 3.0),
            "sha256", sha256(video)));
      }
      case "GET /compositions/c-2" -> json(ex, 200, Map.of("compositionId", "c-2", "status", "failed", "progress", 0.3,
          "error", "decoder exploded"));
      case "GET /compositions/c-1/content" -> redirect(ex, presigned("composite.mp4"));
      // HLS: the stored playlist's checksum, but the server serves it rewritten (fresh presigned URIs)
      case "GET /compositions/c-3" -> json(ex, 200, Map.of("compositionId", "c-3", "status", "available",
          "format", "hls-fmp4", "progress", 1.0, "sha256", sha256("#EXTM3U stored".getBytes(StandardCharsets.UTF_8))));
      case "GET /compositions/c-3/content" -> send(ex, 200, "application/vnd.apple.mpegurl",
          "#EXTM3U\n#EXTINF:1.0,\nhttp://127.0.0.1:9/seg0.m4s?X-Amz-Signature=ab\n".getBytes(StandardCharsets.UTF_8));
      case "GET /recordings/rec-1/outputs" -> json(ex, 200, List.of(
          Map.of("outputId", "composite", "kind", "composition", "key", "recordings/rec-1/composite.mp4",
              "size", video == null ? 0 : video.length, "sha256", sha256(video), "contentType", "video/mp4"),
          Map.of("outputId", "alice-cam", "kind", "track", "key", "recordings/rec-1/tracks/alice-cam.webm",
              "size", 4, "sha256", sha256("WEBM".getBytes(StandardCharsets.UTF_8)), "contentType", "video/webm")));
      case "GET /recordings/rec-1/outputs/composite/content" -> redirect(ex, presigned("composite.mp4"));
      case "GET /recordings/rec-1/outputs/alice-cam/content" -> redirect(ex, presigned("tampered.webm"));
      case "GET /conversations/conv-1/files" -> {
        int offset = Integer.parseInt(param(query, "offset"));
        int limit = Integer.parseInt(param(query, "limit"));
        int total = 130;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = offset; i < Math.min(total, offset + limit); i++) {
          byte[] content = ("file " + i).getBytes(StandardCharsets.UTF_8);
          items.add(Map.of("fileId", "f-" + i, "conversationId", "conv-1", "name", "../notes " + i + ".txt",
              "size", content.length, "contentType", "text/plain", "sha256", sha256(content), "uploader", "alice",
              "createdAt", "2026-11-24T01:00:00Z"));
        }
        json(ex, 200, Map.of("items", items, "offset", offset, "limit", limit, "total", total));
      }
      case "GET /files/f-7/content" -> {
        if ("redirect=false".equals(query)) {
          send(ex, 200, "text/plain", "file 7".getBytes(StandardCharsets.UTF_8));
        } else {
          redirect(ex, presigned("f-7"));
        }
      }
      default -> problem(ex, 404, "Not Found", "no such endpoint: " + path);
    }
  }

  private String[] remote(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--url";
    all[args.length + 1] = "http://127.0.0.1:" + api.getAddress().getPort();
    all[args.length + 2] = "--api-key";
    all[args.length + 3] = KEY;
    return all;
  }

  @Test
  void composeByIdAsksFollowsProgressAndDownloadsThroughTheRedirect() throws Exception {
    byte[] video = "not really an mp4, but bytes all the same".repeat(1000).getBytes(StandardCharsets.UTF_8);
    objects.put("composite.mp4", video);
    Path out = dir.resolve("talk.mp4");
    CliRun r = CliRun.run(remote("compose", "rec-1", "--layout", "active-speaker", "--format", "webm", "--size",
        "640x360", "--fps", "25", "--poll", "0.05", "--progress", "plain", "-o", out.toString()));
    assertEquals(0, r.code(), r.toString());
    assertEquals(JSON.readTree("{\"layout\":\"active-speaker\",\"format\":\"webm\",\"width\":640,\"height\":360,"
        + "\"fps\":25}"), composeBody);
    assertArrayEquals(video, Files.readAllBytes(out));
    assertTrue(r.out().contains("wrote " + out + ": " + video.length + " bytes"), r.toString());
    assertTrue(r.out().contains("(verified)"), r.toString());
    assertTrue(r.err().contains("composition c-1 of recording rec-1 requested"), r.toString());
    assertTrue(r.err().contains(" 33.3%") && r.err().contains("100.0%"), r.toString());
    assertEquals(List.of("null"), storageAuthHeaders, "the API key is never sent to storage");
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  @Test
  void anHlsCompositionIsWrittenAsServedWithoutTheStoredChecksum() throws Exception {
    Path out = dir.resolve("talk.m3u8");
    CliRun r = CliRun.run(remote("compose", "rec-3", "--format", "hls", "--poll", "0.05", "--progress", "none",
        "-o", out.toString()));
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.readString(out).contains("X-Amz-Signature="), Files.readString(out));
    assertTrue(r.out().contains("an HLS playlist whose segment URLs are presigned"), r.toString());
  }

  @Test
  void aFailedCompositionIsReportedWithTheServersReason() {
    CliRun r = CliRun.run(remote("compose", "rec-2", "--poll", "0.05", "--progress", "none", "-o",
        dir.resolve("x.mp4").toString()));
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().endsWith("\ntapline compose: composition c-2 failed on the server: decoder exploded\n"), r.err());
    assertFalse(Files.exists(dir.resolve("x.mp4")));
  }

  @Test
  void problemsBecomeOneLineAndAnExitCode() {
    CliRun notFound = CliRun.run(remote("compose", "rec-404", "-o", dir.resolve("x.mp4").toString()));
    assertEquals(4, notFound.code(), notFound.toString());
    assertEquals("tapline compose: 404 Not Found: no recording rec-404\n", notFound.err());

    String[] wrongKey = remote("recordings", "download", "rec-1", "-o", dir.resolve("x").toString());
    wrongKey[wrongKey.length - 1] = "tpk_wrong";
    CliRun unauthorized = CliRun.run(wrongKey);
    assertEquals(3, unauthorized.code(), unauthorized.toString());
    assertEquals("tapline recordings download: 401 Unauthorized: the API key is unknown or revoked\n",
        unauthorized.err());

    api.stop(0);
    CliRun down = CliRun.run(remote("recordings", "ls"));
    assertEquals(6, down.code(), down.toString());
    assertTrue(down.err().startsWith("tapline recordings ls: cannot reach http://127.0.0.1:"), down.toString());
    assertTrue(down.err().contains("is `tapline serve` running there?"), down.toString());
  }

  @Test
  void downloadPicksTheCompositionAndChecksItsSha256() throws Exception {
    byte[] video = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(video);
    objects.put("composite.mp4", video);
    objects.put("tampered.webm", "WEBX".getBytes(StandardCharsets.UTF_8));

    Path outDir = Files.createDirectories(dir.resolve("downloads"));
    CliRun r = CliRun.run(remote("recordings", "download", "rec-1", "-o", outDir.toString()));
    assertEquals(0, r.code(), r.toString());
    Path written = outDir.resolve("composite.mp4"); // the stored name, as the key says
    assertArrayEquals(video, Files.readAllBytes(written));
    assertEquals("wrote " + written + ": " + video.length + " bytes (3.0 MiB), sha256 " + sha256(video)
        + " (verified)\n", r.out());

    Path bad = dir.resolve("alice.webm");
    CliRun corrupt = CliRun.run(remote("recordings", "download", "rec-1", "--output", "alice-cam", "-o", bad.toString()));
    assertEquals(1, corrupt.code(), corrupt.toString());
    assertTrue(corrupt.err().contains("download corrupted: sha256 " + sha256("WEBX".getBytes(StandardCharsets.UTF_8))
        + " but the server listed " + sha256("WEBM".getBytes(StandardCharsets.UTF_8))), corrupt.toString());
    assertFalse(Files.exists(bad), "a corrupted download is not left behind");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
    }

    CliRun unknown = CliRun.run(remote("recordings", "download", "rec-1", "--output", "bob-cam", "-o", bad.toString()));
    assertEquals(4, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("has no output bob-cam; it has composite (composition), alice-cam (track)"),
        unknown.toString());
  }

  @Test
  void filesAreListedPageByPageAndDownloadedWithTheirChecksum() throws Exception {
    CliRun ls = CliRun.run(remote("files", "ls", "--conversation", "conv-1"));
    assertEquals(0, ls.code(), ls.toString());
    List<String> lines = ls.out().lines().toList();
    assertEquals(131, lines.size(), "header + 130 files over two pages");
    assertTrue(lines.get(0).matches("FILE +NAME +SIZE +TYPE +UPLOADER +CREATED"), lines.get(0));
    assertTrue(lines.get(130).matches("f-129 +\\.\\./notes 129\\.txt +8 B +text/plain +alice +2026-11-24T01:00:00Z"),
        lines.get(130));
    assertTrue(requests.contains("GET /conversations/conv-1/files?offset=0&limit=100"), requests.toString());
    assertTrue(requests.contains("GET /conversations/conv-1/files?offset=100&limit=100"), requests.toString());

    CliRun json = CliRun.run(remote("files", "ls", "--conversation", "conv-1", "--json"));
    assertEquals(130, JSON.readTree(json.out()).size());

    objects.put("f-7", "file 7".getBytes(StandardCharsets.UTF_8));
    CliRun get = CliRun.run(remote("files", "get", "f-7", "--conversation", "conv-1", "-o", dir.toString()));
    assertEquals(0, get.code(), get.toString());
    Path saved = dir.resolve("notes 7.txt"); // the uploaded name without its "../"
    assertEquals("file 7", Files.readString(saved));
    assertTrue(get.out().contains("(verified)"), get.toString());

    Path streamed = dir.resolve("streamed.txt");
    CliRun via = CliRun.run(remote("files", "get", "f-7", "--via-server", "-o", streamed.toString()));
    assertEquals(0, via.code(), via.toString());
    assertEquals("file 7", Files.readString(streamed));
    assertTrue(via.out().contains("not verified: add --conversation"), via.toString());
    assertTrue(requests.contains("GET /files/f-7/content?redirect=false"), requests.toString());
    assertEquals(List.of("null"), storageAuthHeaders);
  }

  @Test
  void storageRefusingAPresignedUrlIsAServerSideFailure() {
    CliRun r = CliRun.run(remote("recordings", "download", "rec-1", "--output", "composite", "-o",
        dir.resolve("x.mp4").toString()));
    // objects holds no composite.mp4 here: storage answers 403 AccessDenied
    assertEquals(6, r.code(), r.toString());
    assertTrue(r.err().contains("storage (127.0.0.1:" + storage.getAddress().getPort() + ") answered 403"),
        r.toString());
    assertNull(objects.get("composite.mp4"));
  }

  private static String param(String query, String name) {
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    throw new IllegalArgumentException("no " + name + " in " + query);
  }

  static String sha256(byte[] b) {
    if (b == null) {
      return "0".repeat(64);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void problem(HttpExchange ex, int status, String title, String detail) throws IOException {
    send(ex, status, "application/problem+json", JSON.writeValueAsBytes(Map.of("type",
        "https://tapline.io/problems/x", "title", title, "status", status, "detail", detail)));
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }
}
