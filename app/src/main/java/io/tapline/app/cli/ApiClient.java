package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * A small client of the REST API v1 (java.net.http): JSON requests with the API key as a Bearer
 * token, error answers turned into {@link CliException}s, and downloads that follow the server's
 * redirect to a presigned URL (without sending the API key there), stream to a temporary file,
 * check the SHA-256 and only then move the file into place. The command line and `tapline demo`
 * both use it.
 */
public final class ApiClient {
  static final String API = "/api/v1";
  private static final int MAX_REDIRECTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  public ApiClient(URI base, String apiKey, Duration timeout) {
    this.base = normalize(base);
    this.apiKey = apiKey;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER) // handled here, so the key never leaves the server's origin
        .build();
  }

  /** The base URL without a trailing slash; only http and https. */
  static URI normalize(URI base) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
      throw new CliException(ExitCodes.USAGE, "--url must be an http:// or https:// URL with a host, got " + base);
    }
    String s = base.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  URI base() {
    return base;
  }

  /** One path segment, percent-encoded (RFC 3986 section 3.3). */
  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode get(String path) {
    return json(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()), "GET " + API + path);
  }

  /** POSTs {@code body} as JSON; a null body sends none. */
  public JsonNode post(String path, Object body) {
    HttpRequest.Builder b = request(path);
    if (body == null) {
      b.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      String text;
      try {
        text = JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new IllegalStateException(e); // maps and records we build always serialize
      }
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text));
    }
    HttpRequest req = b.build();
    return json(send(req, HttpResponse.BodyHandlers.ofString()), "POST " + API + path);
  }

  /** Items per page when listing everything (the server's default maximum is 200). */
  static final int PAGE = 100;

  /**
   * Every item of a paged list ({@code PageView {items, offset, limit, total}}), page after page;
   * a plain JSON array is taken as one page.
   */
  List<JsonNode> all(String path) {
    List<JsonNode> items = new ArrayList<>();
    String sep = path.contains("?") ? "&" : "?";
    long offset = 0;
    while (true) {
      JsonNode page = get(path + sep + "offset=" + offset + "&limit=" + PAGE);
      JsonNode list = page.isArray() ? page : page.path("items");
      if (!list.isArray()) {
        throw new CliException(ExitCodes.SERVER, "GET " + API + path + " did not answer a list: " + page);
      }
      list.forEach(items::add);
      long total = page.path("total").asLong(-1);
      offset += list.size();
      if (page.isArray() || list.isEmpty() || total < 0 || offset >= total) {
        return items;
      }
    }
  }

  /** The items of a list answer: a JSON array, or an object with {@code items}. */
  static List<JsonNode> items(JsonNode answer) {
    JsonNode list = answer.isArray() ? answer : answer.path("items");
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }

  /** What a download wrote. */
  public record Download(Path file, long size, String sha256, boolean verified) {}

  /**
   * Downloads {@code path} (which answers the content or a redirect to it) into {@code out}.
   *
   * @param expectedSha256 hex SHA-256 the content must have, or null when unknown
   * @param bytes told the byte count as it grows (about every 1 MiB)
   */
  Download download(String path, Path out, String expectedSha256, LongConsumer bytes) {
    return download(URI.create(base + API + path), out, expectedSha256, bytes);
  }

  /**
   * Downloads an absolute URL (a presigned one, say) the same way: the API key goes only to the
   * server's own origin.
   */
  public Download download(URI url, Path out, String expectedSha256, LongConsumer bytes) {
    URI uri = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
      if (sameOrigin(uri)) {
        authorize(b);
      }
      HttpResponse<InputStream> res = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = res.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        drain(res);
        String location = res.headers().firstValue("Location")
            .orElseThrow(() -> new CliException(ExitCodes.SERVER, status + " redirect without a Location header"));
        uri = uri.resolve(location);
        continue;
      }
      if (status != 200) {
        String body = readSmall(res);
        String where = sameOrigin(uri) ? "" : "storage (" + uri.getHost() + ":" + uri.getPort() + ") answered ";
        CliException e = CliException.fromResponse(status, res.headers().firstValue("Content-Type").orElse(""), body);
        throw new CliException(sameOrigin(uri) ? e.exitCode() : ExitCodes.SERVER, where + e.getMessage());
      }
      return save(res, out, expectedSha256, bytes);
    }
    throw new CliException(ExitCodes.SERVER, "more than " + MAX_REDIRECTS + " redirects for " + url);
  }

  private Download save(HttpResponse<InputStream> res, Path out, String expectedSha256, LongConsumer bytes) {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + out.getFileName(), ".part");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (InputStream in = res.body(); OutputStream o = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        byte[] buf = new byte[64 * 1024];
        long nextReport = 1 << 20;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          o.write(buf, 0, n);
          size += n;
          if (size >= nextReport) {
            bytes.accept(size);
            nextReport = size + (1 << 20);
          }
        }
      }
      bytes.accept(size);
      String actual = HexFormat.of().formatHex(sha.digest());
      boolean verified = expectedSha256 != null && !expectedSha256.isBlank();
      if (verified && !actual.equalsIgnoreCase(expectedSha256.trim())) {
        throw new CliException(ExitCodes.FAILED, "download corrupted: sha256 " + actual + " but the server listed "
            + expectedSha256 + " (" + size + " bytes); nothing written to " + out);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      return new Download(out, size, actual, verified);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write " + out + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray .part file is harmless
        }
      }
    }
  }

  private boolean sameOrigin(URI uri) {
    return Objects.equals(uri.getScheme(), base.getScheme()) && Objects.equals(uri.getHost(), base.getHost())
        && port(uri) == port(base);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + API + path)).timeout(timeout)
        .header("Accept", "application/json");
    authorize(b);
    return b;
  }

  private void authorize(HttpRequest.Builder b) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new CliException(ExitCodes.AUTH, "no API key: pass --api-key or set TAPLINE_API_KEY "
          + "(create one with `tapline apikey create --app NAME`)");
    }
    b.header("Authorization", "Bearer " + apiKey.trim());
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(req, handler);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable(req, e);
    } catch (HttpTimeoutException e) {
      throw new CliException(ExitCodes.SERVER, "no answer from " + req.uri().getHost() + ":" + req.uri().getPort()
          + " within " + timeout.toSeconds() + " s (" + req.method() + " " + req.uri().getPath() + ")", e);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw unreachable(req, e);
      }
      throw new CliException(ExitCodes.SERVER, req.method() + " " + req.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
  }

  private CliException unreachable(HttpRequest req, Exception e) {
    URI u = req.uri();
    String hint = sameOrigin(u) ? ": is `tapline serve` running there? (--url / TAPLINE_URL)" : "";
    return new CliException(ExitCodes.SERVER, "cannot reach " + u.getScheme() + "://" + u.getHost() + ":" + port(u)
        + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")" + hint, e);
  }

  private static JsonNode json(HttpResponse<String> res, String what) {
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (res.statusCode() < 200 || res.statusCode() > 299) {
      throw CliException.fromResponse(res.statusCode(), type, res.body());
    }
    try {
      JsonNode n = JSON.readTree(res.body());
      if (n == null || n.isMissingNode()) {
        throw new IOException("empty body");
      }
      return n;
    } catch (IOException e) {
      throw new CliException(ExitCodes.SERVER, what + " answered " + res.statusCode()
          + " with something that is not JSON (" + type + "): is --url a Tapline server?", e);
    }
  }

  private static void drain(HttpResponse<InputStream> res) {
    try (InputStream in = res.body()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the redirect's body is not needed
    }
  }

  private static String readSmall(HttpResponse<InputStream> res) {
    try (InputStream in = res.body()) {
      return new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
