package io.tapline.app.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One browser's page as a UI test drives it: the browser's actions, plus waits and reads. */
public final class Page {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChromeDriver.Browser browser;
  private final Duration wait;

  /** @param wait how long {@link #await} and {@link #awaitDownload} wait before failing */
  public Page(ChromeDriver.Browser browser, Duration wait) {
    this.browser = browser;
    this.wait = wait;
  }

  public void navigate(String url) throws Exception {
    browser.navigate(url);
  }

  public void click(String css) throws Exception {
    browser.click(css);
  }

  public void type(String css, String text) throws Exception {
    browser.type(css, text);
  }

  public void chooseFile(String css, Path file) throws Exception {
    browser.chooseFile(css, file);
  }

  public JsonNode execute(String script) throws Exception {
    return browser.execute(script);
  }

  /** Waits until a JavaScript expression is truthy in the page; returns its value. */
  public JsonNode await(String what, String expression) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode v = browser.execute(
          "try { const v = (" + expression + "); return v ? v : null; } catch (e) { return null; }");
      if (v != null && !v.isNull() && !v.isMissingNode()) {
        return v;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " within " + wait + " (" + expression + "); error area: '"
        + text("#error") + "'");
  }

  /** The text of the first element matching a CSS selector ("" when there is none). */
  public String text(String css) {
    try {
      return browser.execute("const e = document.querySelector(" + JSON.writeValueAsString(css) + ");"
          + " return e ? e.textContent : ''").asText();
    } catch (Exception e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The file the browser saved under its download directory, once complete. */
  public Path awaitDownload(String name) throws Exception {
    Path file = browser.downloads.resolve(name);
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && !Files.exists(browser.downloads.resolve(name + ".crdownload"))) {
        return file;
      }
      Thread.sleep(100);
    }
    try (var list = Files.list(browser.downloads)) {
      throw new AssertionError(name + " was not saved in " + browser.downloads + ": " + list.toList());
    }
  }
}
