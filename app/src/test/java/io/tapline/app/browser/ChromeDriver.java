package io.tapline.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's chromedriver driven through the W3C WebDriver HTTP API (java.net.http, no client
 * library, nothing downloaded): one chromedriver process on 127.0.0.1, one headless Chromium per
 * {@link Browser}, each with its own fresh user-data-dir.
 */
public final class ChromeDriver implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Flags that work on these machines (docs: /work/shared/DEPENDENCIES.md, app/README.md). */
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
      "--disable-features=WebRtcHideLocalIpsWithMdns", "--autoplay-policy=no-user-gesture-required",
      "--disable-dev-shm-usage");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Browser> browsers = new ArrayList<>();
  private final Path profiles;

  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  public ChromeDriver(Path logFile) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    profiles = Files.createTempDirectory("tapline-chromium");
    process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (call("GET", "/status", null).path("value").path("ready").asBoolean()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        close();
        throw new IOException("chromedriver did not become ready; see " + logFile);
      }
      Thread.sleep(200);
    }
  }

  /** Starts a headless Chromium with its own profile. */
  public Browser open(String name) throws IOException, InterruptedException {
    ObjectNode caps = JSON.createObjectNode();
    ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    ObjectNode chrome = always.putObject("goog:chromeOptions");
    chrome.put("binary", CHROMIUM.toString());
    ArrayNode args = chrome.putArray("args");
    FLAGS.forEach(args::add);
    args.add("--user-data-dir=" + Files.createDirectories(profiles.resolve(name)));
    ObjectNode log = always.putObject("goog:loggingPrefs");
    log.put("browser", "ALL");
    JsonNode res = call("POST", "/session", caps);
    String id = res.path("value").path("sessionId").asText(null);
    if (id == null) {
      throw new IOException("chromedriver refused a session: " + res);
    }
    call("POST", "/session/" + id + "/timeouts", JSON.createObjectNode().put("script", 60000));
    Browser b = new Browser(name, id);
    browsers.add(b);
    return b;
  }

  JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    if (res.statusCode() >= 400) {
      throw new IOException("WebDriver " + method + " " + path + " -> " + res.statusCode() + ": " + json);
    }
    return json;
  }

  @Override
  public void close() {
    for (Browser b : browsers) {
      try {
        call("DELETE", "/session/" + b.id, null);
      } catch (IOException | InterruptedException e) {
        // the process goes anyway
      }
    }
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One Chromium (a WebDriver session). */
  public final class Browser implements BrowserSession {
    public final String name;
    final String id;

    Browser(String name, String id) {
      this.name = name;
      this.id = id;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void navigate(String url) throws IOException, InterruptedException {
      call("POST", "/session/" + id + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body; {@code return} a value) and returns the value. */
    public JsonNode execute(String script) throws IOException, InterruptedException {
      ObjectNode body = JSON.createObjectNode().put("script", script);
      body.putArray("args");
      return call("POST", "/session/" + id + "/execute/sync", body).path("value");
    }

    /** Runs an async script: {@code arguments[arguments.length - 1]} is the callback. */
    public JsonNode executeAsync(String script) throws IOException, InterruptedException {
      ObjectNode body = JSON.createObjectNode().put("script", script);
      body.putArray("args");
      return call("POST", "/session/" + id + "/execute/async", body).path("value");
    }

    @Override
    public JsonNode await(String expression) throws IOException, InterruptedException {
      String text = executeAsync("const done = arguments[arguments.length - 1];"
          + " Promise.resolve(" + BrowserSession.asJsonText(expression) + ").then(done);").asText();
      return JSON.readTree(text);
    }
  }
}
