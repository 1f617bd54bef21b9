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
  /** The key of a W3C element reference in WebDriver answers. */
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
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
    Path downloads = Files.createDirectories(profiles.resolve(name + "-downloads"));
    chrome.putObject("prefs").put("download.default_directory", downloads.toString())
        .put("download.prompt_for_download", false);
    ObjectNode log = always.putObject("goog:loggingPrefs");
    log.put("browser", "ALL");
    JsonNode res = call("POST", "/session", caps);
    String id = res.path("value").path("sessionId").asText(null);
    if (id == null) {
      throw new IOException("chromedriver refused a session: " + res);
    }
    call("POST", "/session/" + id + "/timeouts", JSON.createObjectNode().put("script", 60000));
    Browser b = new Browser(name, id, downloads);
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
    /** Where the browser saves what the page downloads. */
    public final Path downloads;
    final String id;

    Browser(String name, String id, Path downloads) {
      this.name = name;
      this.id = id;
      this.downloads = downloads;
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

    /** The first element matching a CSS selector: its W3C element reference. */
    public String find(String css) throws IOException, InterruptedException {
      JsonNode v = call("POST", "/session/" + id + "/element",
          JSON.createObjectNode().put("using", "css selector").put("value", css)).path("value");
      String ref = v.path(ELEMENT).asText(null);
      if (ref == null) {
        throw new IOException("no element reference for " + css + ": " + v);
      }
      return ref;
    }

    /** Clicks the element as a user would (scrolled into view; refused if something covers it). */
    public void click(String css) throws IOException, InterruptedException {
      call("POST", "/session/" + id + "/element/" + find(css) + "/click", JSON.createObjectNode());
    }

    /** Clears the control, then types {@code text} into it as key presses. */
    public void type(String css, String text) throws IOException, InterruptedException {
      String ref = find(css);
      call("POST", "/session/" + id + "/element/" + ref + "/clear", JSON.createObjectNode());
      call("POST", "/session/" + id + "/element/" + ref + "/value", JSON.createObjectNode().put("text", text));
    }

    /** Selects a local file in an {@code <input type=file>} (WebDriver sends its path as keys). */
    public void chooseFile(String css, Path file) throws IOException, InterruptedException {
      call("POST", "/session/" + id + "/element/" + find(css) + "/value",
          JSON.createObjectNode().put("text", file.toAbsolutePath().toString()));
    }

    /** The page's console messages so far (for failure reports). */
    public String consoleLog() {
      try {
        return execute("return document.getElementById('log') ? document.getElementById('log').textContent : ''")
            .asText();
      } catch (IOException | InterruptedException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    @Override
    public JsonNode await(String expression) throws IOException, InterruptedException {
      String text = executeAsync("const done = arguments[arguments.length - 1];"
          + " Promise.resolve(" + BrowserSession.asJsonText(expression) + ").then(done);").asText();
      return JSON.readTree(text);
    }
  }
}
