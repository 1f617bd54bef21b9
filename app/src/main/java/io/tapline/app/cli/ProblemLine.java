package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one-line message of an error answer: the RFC 9457 section 3.1 members {@code title} and
 * {@code detail} of a problem+json body, else the body itself; never more than {@value #MAX_LINE}
 * characters and never a line break or control character, whatever the server sent.
 */
final class ProblemLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_LINE = 300;

  private ProblemLine() {}

  static String of(int status, String contentType, String body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (body != null && (type.equals("application/problem+json") || type.equals("application/json"))) {
      try {
        JsonNode p = JSON.readTree(body);
        String title = p == null ? "" : oneLine(p.path("title").asText(""));
        String detail = p == null ? "" : oneLine(p.path("detail").asText(""));
        if (!title.isEmpty() || !detail.isEmpty()) {
          return oneLine(title.isEmpty() ? detail : detail.isEmpty() ? title : title + ": " + detail);
        }
      } catch (IOException e) {
        // not JSON after all: fall through to the raw body
      }
    }
    String raw = body == null ? "" : oneLine(body);
    return raw.isEmpty() ? "(no body; HTTP status " + status + ")" : raw;
  }

  /** Whitespace runs and control characters become one space; long text is cut with "...". */
  static String oneLine(String s) {
    String line = s.replaceAll("[\\s\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").trim();
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 3) + "..." : line;
  }
}
