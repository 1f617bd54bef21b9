package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.browser.ChromeDriver;
import io.tapline.app.browser.Page;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console (static/console/) driven like an operator would, in Debian's headless Chromium
 * through WebDriver: a wrong key shows the server's problem detail; then, with a real key, a
 * conversation is created, a join token issued, a file uploaded, listed, downloaded and deleted, a
 * schedule created and cancelled, a webhook subscribed and deleted, and a finalized recording
 * re-composed with its progress followed until the output is there. Every effect is checked
 * through REST as well. Skipped when chromium or chromedriver is missing.
 */
class ConsoleIT extends AppTestSupport {
  private static final Logger log = LoggerFactory.getLogger(ConsoleIT.class);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void servesTheConsoleWithoutAKeyAndKeepsTheApiClosed() throws Exception {
    HttpResponse<byte[]> bare = getBytes("/console", null);
    assertEquals(302, bare.statusCode());
    assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/console/"), bare.headers().toString());
    HttpResponse<byte[]> index = getBytes("/console/", null);
    assertEquals(200, index.statusCode());
    assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("/console/js/app.js"));
    String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
    assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElse(""));
    HttpResponse<byte[]> script = getBytes("/console/js/app.js", null);
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"),
        "module scripts need a JavaScript type: " + script.headers());
    assertEquals(200, getBytes("/console/console.css", null).statusCode());
    get("/api/v1/conversations", null).problem(401, "unauthorized");
  }

  @Test
  void operatorRunsTheServiceFromTheConsole() throws Exception {
    assumeTrue(ChromeDriver.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    long began = System.nanoTime();
    String key = newKey("console");
    // The recording to re-compose is finalized by the app while the browser does the rest.
    CompletableFuture<String> recording = CompletableFuture.supplyAsync(() -> {
      try {
        return finalizedRecording(key, "console", 2);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Path driverLog = Files.createTempFile("chromedriver", ".log");
    try (ChromeDriver driver = new ChromeDriver(driverLog)) {
      Page b = new Page(driver.open("operator"), WAIT);
      try {
        b.navigate(base() + "/console");
        b.await("the console page", "location.pathname === '/console/' && document.getElementById('api-key')");

        // A wrong key: the server's problem (title, status, detail) is shown as it came
        b.type("#api-key", "tpk_not-a-key");
        b.click("#use-key");
        String error = b.await("the 401 problem", "!document.getElementById('error').hidden"
            + " && document.getElementById('error').textContent").asText();
        assertTrue(error.contains("Unauthorized (401)") && error.contains("the API key is unknown or revoked"), error);

        b.type("#api-key", key);
        b.click("#use-key");
        b.await("the conversations view", "document.getElementById('create-conversation')");
        assertTrue(b.execute("return document.getElementById('error').hidden").asBoolean(), b.text("#error"));
        assertEquals(key, b.execute("return sessionStorage.getItem('tapline.console.apiKey')").asText());
        assertTrue(b.execute("return localStorage.length === 0 && document.cookie === ''").asBoolean());

        String conv = createConversation(b);
        issueToken(b, conv);
        recordingControls(b, key);
        files(b, key, conv);
        schedules(b, key, conv);
        webhooks(b, key);
        String rec = recording.get(150, TimeUnit.SECONDS);
        compose(b, key, rec);
      } catch (AssertionError | Exception e) {
        log.error("console page at failure: error area '{}', main '{}'", b.text("#error"), b.text("main"));
        throw e;
      }
    } finally {
      recording.cancel(false);
    }
    log.info("console walk-through took {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
  }

  /** Creates a conversation through the form; its title is markup, which must stay text. */
  private String createConversation(Page b) throws Exception {
    String title = "Board <b>meeting</b> & \"review\"";
    b.type("#create-conversation [name=title]", title);
    b.click("#create-conversation button[type=submit]");
    String conv = b.await("the new conversation", "document.getElementById('conversation-id')"
        + " && document.getElementById('conversation-id').textContent").asText();
    assertEquals(title, b.text("#conversation-title"));
    assertTrue(b.execute("return document.querySelector('main b') === null").asBoolean(), "markup was escaped");
    assertEquals(title, get("/api/v1/conversations/" + conv, keyOf(b)).json().path("conversation").path("title")
        .asText());
    return conv;
  }

  private void issueToken(Page b, String conv) throws Exception {
    b.type("#token-form [name=participantId]", "alice");
    b.type("#token-form [name=name]", "Alice");
    b.click("#token-form button[type=submit]");
    String token = b.await("the token", "document.getElementById('issued-token')"
        + " && document.getElementById('issued-token').textContent").asText();
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length, token);
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertTrue(claims.contains(conv) && claims.contains("alice"), claims);
    String href = b.execute("return document.getElementById('example-link').href").asText();
    assertEquals(base() + "/example.html?conversation=" + conv + "&token=" + token, href);
  }

  /** Start, pause, resume and stop a recording of the live conversation from its pages. */
  private void recordingControls(Page b, String key) throws Exception {
    b.click("#start-recording");
    b.await("the started recording", "document.getElementById('recording-status')"
        + " && document.getElementById('recording-status').textContent === 'recording'");
    String rec = b.execute("return decodeURIComponent(location.hash.split('/')[2].split('?')[0])").asText();
    b.click("#pause-recording");
    b.await("the paused recording", "document.getElementById('recording-status').textContent === 'paused'");
    assertEquals("paused", get("/api/v1/recordings/" + rec, key).json().path("status").asText());
    b.click("#resume-recording");
    b.await("the resumed recording", "document.getElementById('recording-status').textContent === 'recording'");
    b.click("#stop-recording");
    b.await("the stopped recording", "!['recording', 'paused'].includes("
        + "document.getElementById('recording-status').textContent) && !document.getElementById('recording-controls')");
    String status = get("/api/v1/recordings/" + rec, key).json().path("status").asText();
    assertTrue(Set.of("stopped", "processing", "available", "failed").contains(status), status);
    b.click("a[href^='#/conversations/']");
    b.await("the conversation's recordings", "document.getElementById('conversation-recordings')"
        + " && document.getElementById('conversation-recordings').textContent.includes('" + rec + "')");
  }

  private void files(Page b, String key, String conv) throws Exception {
    b.click("#open-files");
    b.await("the files view", "document.getElementById('upload-form')");
    byte[] data = new byte[300_000];
    new Random(8).nextBytes(data);
    Path file = Files.createTempFile(DATA_DIR, "console-notes", ".bin");
    Files.write(file, data);
    String sha = sha256(data);
    b.chooseFile("#upload-file", file);
    b.type("#upload-form [name=uploader]", "alice");
    b.click("#upload-button");
    String fileId = b.await("the uploaded file in the list",
        "document.querySelector('#file-list [data-file-id]')"
            + " && document.querySelector('#file-list [data-file-id]').dataset.fileId").asText();
    assertTrue(b.text("#status").contains(sha), b.text("#status"));
    JsonNode listed = get("/api/v1/conversations/" + conv + "/files", key).json();
    assertEquals(1, listed.path("total").asInt(), listed.toString());
    assertEquals(sha, listed.path("items").get(0).path("sha256").asText());
    assertEquals(file.getFileName().toString(), listed.path("items").get(0).path("name").asText());
    assertEquals("alice", listed.path("items").get(0).path("uploader").asText());

    b.click("#download-" + fileId);
    assertEquals("true", b.await("the download check",
        "document.querySelector('.download-result').dataset.matches").asText(), b.text("#file-list"));
    assertEquals(sha, b.text(".download-sha256"));
    assertArrayEquals(data, Files.readAllBytes(b.awaitDownload(file.getFileName().toString())));

    // The conversation's page lists it in its history
    b.click("main h2 a[href^='#/conversations/']");
    b.await("the file in the conversation's history", "document.getElementById('conversation-files')"
        + " && document.getElementById('conversation-files').textContent.includes('" + file.getFileName() + "')");
    b.click("#open-files");
    b.await("the files view again", "document.getElementById('delete-" + fileId + "')");

    b.click("#delete-" + fileId);
    b.await("the confirmation", "document.querySelector('dialog.confirm[open]')");
    b.click("#confirm-ok");
    b.await("the emptied list", "document.querySelector('main').textContent.includes('No files in this conversation.')");
    get("/api/v1/files/" + fileId, key).problem(404, "not-found");
  }

  private void schedules(Page b, String key, String conv) throws Exception {
    b.navigate(base() + "/console/#/schedules?conversation=" + conv);
    b.await("the schedules view", "document.getElementById('schedule-form')");
    // A request the API refuses: its problem detail is shown as the server wrote it
    b.click("#schedule-form button[type=submit]");
    String refused = post("/api/v1/conversations/" + conv + "/schedules", key, "{}").problem(400, "validation")
        .path("detail").asText();
    assertEquals(refused, b.await("the 400 problem", "!document.getElementById('error').hidden"
        + " && document.querySelector('#error .problem-detail').textContent").asText());
    assertTrue(b.text("#error").startsWith("Bad Request (400)"), b.text("#error"));
    // datetime-local takes key presses in the browser's locale format; its value is set instead.
    b.execute("const d = new Date(Date.now() + 2 * 3600 * 1000); d.setSeconds(0, 0);"
        + " d.setMinutes(d.getMinutes() - d.getTimezoneOffset());"
        + " document.querySelector('#schedule-form [name=start]').value = d.toISOString().slice(0, 16);");
    b.type("#schedule-form [name=durationSeconds]", "600");
    b.click("#schedule-form button[type=submit]");
    String id = b.await("the schedule in the list", "document.querySelector('[data-schedule-status]')"
        + " && document.querySelector('[data-schedule-status]').dataset.scheduleStatus").asText();
    JsonNode s = get("/api/v1/schedules/" + id, key).json();
    assertEquals("active", s.path("status").asText(), s.toString());
    assertEquals(conv, s.path("conversationId").asText());
    assertEquals(600, s.path("durationSeconds").asInt());

    b.click("#cancel-" + id);
    b.await("the confirmation", "document.querySelector('dialog.confirm[open]')");
    b.click("#confirm-ok");
    b.await("the cancelled schedule", "document.querySelector('[data-schedule-status]')"
        + " && document.querySelector('[data-schedule-status]').textContent === 'cancelled'");
    assertEquals("cancelled", get("/api/v1/schedules/" + id, key).json().path("status").asText());
  }

  private void webhooks(Page b, String key) throws Exception {
    b.navigate(base() + "/console/#/webhooks");
    b.await("the webhooks view", "document.getElementById('webhook-form')");
    b.type("#webhook-form [name=url]", "http://127.0.0.1:9/tapline-hook");
    b.click("#webhook-form input[value='recording.ready']");
    b.click("#webhook-form input[value='file.uploaded']");
    b.click("#webhook-form button[type=submit]");
    String secret = b.await("the secret", "document.getElementById('new-webhook-secret')"
        + " && document.getElementById('new-webhook-secret').textContent").asText();
    assertTrue(secret.startsWith("whsec_"), secret);
    JsonNode list = get("/api/v1/webhooks", key).json();
    assertEquals(1, list.path("total").asInt(), list.toString());
    JsonNode hook = list.path("items").get(0);
    assertEquals("http://127.0.0.1:9/tapline-hook", hook.path("url").asText());
    assertEquals("[\"file.uploaded\",\"recording.ready\"]", hook.path("eventTypes").toString());
    String id = hook.path("webhookId").asText();

    b.click("#webhook-list a.button");
    b.await("the deliveries view", "document.getElementById('delivery-status')"
        + " && document.querySelector('main h2').textContent.includes('" + id + "')");
    b.navigate(base() + "/console/#/webhooks");
    b.await("the webhook list", "document.getElementById('delete-" + id + "')");
    b.click("#delete-" + id);
    b.await("the confirmation", "document.querySelector('dialog.confirm[open]')");
    b.click("#confirm-ok");
    b.await("the emptied list", "document.querySelector('main').textContent.includes('No webhooks.')");
    assertEquals(0, get("/api/v1/webhooks", key).json().path("total").asInt());
  }

  /** Opens the finalized recording, asks for an active-speaker WebM and follows it to the end. */
  private void compose(Page b, String key, String rec) throws Exception {
    b.navigate(base() + "/console/#/recordings/" + rec);
    b.await("the recording's outputs", "document.getElementById('output-list')"
        + " && document.getElementById('output-list').textContent.includes('track-bob-cam')");
    assertEquals("available", b.text("#recording-status"));
    b.click("#compose-form [name=layout] option[value='active-speaker']");
    b.click("#compose-form [name=format] option[value='webm']");
    b.type("#compose-form [name=width]", "160");
    b.type("#compose-form [name=height]", "90");
    b.type("#compose-form [name=fps]", "10");
    b.click("#compose-form button[type=submit]");
    b.await("the composition view", "document.getElementById('composition-status')");
    String id = b.execute("return location.hash.split('/')[2]").asText();
    Set<String> seen = new LinkedHashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    String status = "";
    while (System.nanoTime() < deadline) {
      status = b.text("#composition-status");
      seen.add(status + " " + b.execute("const p = document.getElementById('composition-progress');"
          + " return p ? p.value : -1").asText());
      if (status.equals("available") || status.equals("failed")) {
        break;
      }
      Thread.sleep(200);
    }
    log.info("composition {} as the console showed it: {}", id, seen);
    assertEquals("available", status, b.text("#composition"));
    assertEquals(100, b.execute("return document.getElementById('composition-progress').value").asInt());
    JsonNode c = get("/api/v1/compositions/" + id, key).json();
    assertEquals("available", c.path("status").asText(), c.toString());
    assertEquals("active-speaker", c.path("layout").asText());
    assertEquals("webm", c.path("format").asText());
    assertEquals(160, c.path("width").asInt());

    b.click("#download-composition");
    assertEquals("true", b.await("the composition's download",
        "document.querySelector('.download-result').dataset.matches").asText());
    assertEquals(c.path("sha256").asText(), b.text(".download-sha256"));
    Path saved = b.awaitDownload(rec + "-" + id + ".webm");
    assertEquals(c.path("sha256").asText(), sha256(Files.readAllBytes(saved)));

    b.click("#composition-recording");
    b.await("the new output in the recording", "document.getElementById('output-list')"
        + " && document.getElementById('output-list').textContent.includes('composition-" + id + "')");
    assertFalse(b.text("#composition-list").isEmpty());
  }

  private static String keyOf(Page b) throws Exception {
    return b.execute("return sessionStorage.getItem('tapline.console.apiKey')").asText();
  }
}
