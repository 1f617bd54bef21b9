package io.tapline.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One browser page a test drives, whatever the browser and its remote protocol (Chromium through
 * chromedriver's W3C WebDriver HTTP API, Firefox through WebDriver BiDi).
 */
public interface BrowserSession {
  /** The name the test gave this browser (its participant). */
  String name();

  /** Loads {@code url} and returns once the page has loaded. */
  void navigate(String url) throws IOException, InterruptedException;

  /**
   * Evaluates a JavaScript expression in the page, awaits it if it is a promise, and returns its
   * value as JSON; a rejected promise or a thrown exception yields {@code {"error": "..."}}.
   */
  JsonNode await(String expression) throws IOException, InterruptedException;

  /** The example page's log so far (for failure reports). */
  default String consoleLog() {
    try {
      return await("document.getElementById('log') ? document.getElementById('log').textContent : ''").asText();
    } catch (IOException | InterruptedException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Wraps {@code expression} so that it resolves to JSON text, or to {"error"} when it fails. */
  static String asJsonText(String expression) {
    return "(async () => { try { return JSON.stringify(await (" + expression + ")) ?? 'null'; }"
        + " catch (e) { return JSON.stringify({ error: String(e) }); } })()";
  }
}
