package io.tapline.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The demo's REST client: JSON over HTTP with the application's API key, as any backend would
 * call Tapline, and plain downloads of presigned URLs (no key: the URL is the permission).
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String key;

  ApiClient(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build(), 200);
  }

  JsonNode post(String path, Object body, int expectedStatus) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path);
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return send(b.build(), expectedStatus);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key);
  }

  private JsonNode send(HttpRequest req, int expectedStatus) throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != expectedStatus) {
      throw new IOException(req.method() + " " + req.uri().getPath() + " answered " + res.statusCode()
          + " (expected " + expectedStatus + "): " + res.body());
    }
    return JSON.readTree(res.body());
  }

  /**
   * Downloads {@code url} into {@code file} (written beside it, then moved into place) and returns
   * the SHA-256 of what arrived, hex.
   */
  String download(URI url, Path file) throws IOException, InterruptedException {
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    Path part = file.resolveSibling(file.getFileName() + ".part");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(res.body(), sha)) {
      if (res.statusCode() != 200) {
        throw new IOException("GET " + url.getPath() + " answered " + res.statusCode() + ": "
            + new String(in.readNBytes(500)));
      }
      try (OutputStream out = Files.newOutputStream(part)) {
        in.transferTo(out);
      }
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    return HexFormat.of().formatHex(sha.digest());
  }
}
