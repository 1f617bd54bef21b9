package io.tapline.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's firefox-esr driven over WebDriver BiDi, which Firefox serves itself (no geckodriver):
 * one headless Firefox process per {@link Browser}, each with a fresh profile whose
 * {@code user.js} ({@link FirefoxProfile}) fakes the camera and microphone and keeps every
 * connection on 127.0.0.1. The BiDi socket is java.net.http's WebSocket, JSON is Jackson.
 */
public final class FirefoxBidi implements AutoCloseable {
  public static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
  private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path logDir;
  private final Path profiles;
  private final List<Browser> browsers = new ArrayList<>();

  public static boolean available() {
    return Files.isExecutable(FIREFOX);
  }

  /** Browsers log into {@code logDir/<name>.log}. */
  public FirefoxBidi(Path logDir) throws IOException {
    this.logDir = Files.createDirectories(logDir);
    this.profiles = Files.createTempDirectory("tapline-firefox");
  }

  /** Starts a headless Firefox with its own profile and opens a BiDi session on it. */
  public Browser open(String name) throws IOException, InterruptedException {
    Path profile = FirefoxProfile.create(profiles.resolve(name));
    Path log = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(FIREFOX.toString(), "--headless", "--remote-debugging-port=0",
        "--profile", profile.toString(), "--no-remote", "about:blank")
        .redirectErrorStream(true).start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread pump = new Thread(() -> pumpLog(process, log, endpoint), "firefox-log-" + name);
    pump.setDaemon(true);
    pump.start();
    Browser b;
    try {
      String ws = endpoint.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      b = new Browser(name, process, pump, connect(URI.create(ws + "/session")));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("firefox did not open its WebDriver BiDi port; see " + log, e);
    }
    browsers.add(b);
    try {
      ObjectNode session = JSON.createObjectNode();
      session.putObject("capabilities");
      b.command("session.new", session);
      JsonNode tree = b.command("browsingContext.getTree", JSON.createObjectNode());
      b.context = tree.path("contexts").path(0).path("context").asText(null);
      if (b.context == null) {
        throw new IOException("firefox has no browsing context: " + tree);
      }
    } catch (IOException e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** Copies the browser's output to its log and completes {@code endpoint} with the BiDi address. */
  private static void pumpLog(Process process, Path log, CompletableFuture<String> endpoint) {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          endpoint.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      endpoint.completeExceptionally(new UncheckedIOException(e));
    }
    endpoint.completeExceptionally(new IOException("firefox exited before listening"));
  }

  private static Connection connect(URI uri) throws IOException, InterruptedException {
    Connection c = new Connection();
    try {
      c.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(uri, c).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot open " + uri, e);
    }
    return c;
  }

  @Override
  public void close() {
    for (Browser b : browsers) {
      b.close();
    }
    browsers.clear();
  }

  /** The BiDi socket: commands by id, their answers complete futures; events are ignored. */
  private static final class Connection implements WebSocket.Listener {
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    JsonNode send(String method, JsonNode params) throws IOException, InterruptedException {
      long id = ids.incrementAndGet();
      ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
      msg.set("params", params);
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      try {
        synchronized (this) {
          socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        }
        JsonNode res = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (res.has("error")) {
          throw new IOException("BiDi " + method + ": " + res.path("error").asText() + ": "
              + res.path("message").asText());
        }
        return res.path("result");
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("BiDi " + method + " got no answer", e);
      } finally {
        pending.remove(id);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          CompletableFuture<JsonNode> f = msg.has("id") ? pending.get(msg.get("id").asLong()) : null;
          if (f != null) {
            f.complete(msg);
          }
        } catch (IOException e) {
          // not JSON: nothing waits for it
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      pending.values().forEach(f -> f.completeExceptionally(new IOException("BiDi closed: " + status)));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }

  /** One Firefox process and its top-level browsing context. */
  public static final class Browser implements BrowserSession {
    private final String name;
    private final Process process;
    private final Thread pump;
    private final Connection bidi;
    private String context;

    Browser(String name, Process process, Thread pump, Connection bidi) {
      this.name = name;
      this.process = process;
      this.pump = pump;
      this.bidi = bidi;
    }

    JsonNode command(String method, JsonNode params) throws IOException, InterruptedException {
      return bidi.send(method, params);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void navigate(String url) throws IOException, InterruptedException {
      command("browsingContext.navigate",
          JSON.createObjectNode().put("context", context).put("url", url).put("wait", "complete"));
    }

    @Override
    public JsonNode await(String expression) throws IOException, InterruptedException {
      ObjectNode params = JSON.createObjectNode().put("expression", BrowserSession.asJsonText(expression))
          .put("awaitPromise", true).put("resultOwnership", "none");
      params.putObject("target").put("context", context);
      JsonNode res = command("script.evaluate", params);
      if (!"success".equals(res.path("type").asText())) {
        throw new IOException("script.evaluate failed: " + res.path("exceptionDetails"));
      }
      return JSON.readTree(res.path("result").path("value").asText("null"));
    }

    void close() {
      try {
        command("browser.close", JSON.createObjectNode());
      } catch (IOException | InterruptedException e) {
        // killed below anyway
      }
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        pump.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
