package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The one-line message of an error answer: RFC 9457 section 3.1 members title and detail, else the body. */
final class ProblemLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 200;

  private ProblemLine() {}

  static String of(int status, String contentType, String body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    if (body != null && (type.equals("application/problem+json") || type.equals("application/json"))) {
      try {
        JsonNode p = JSON.readTree(body);
        String title = p.path("title").asText("");
        String detail = p.path("detail").asText("");
        if (!title.isEmpty() || !detail.isEmpty()) {
          return oneLine(title.isEmpty() ? detail : detail.isEmpty() ? title : title + ": " + detail);
        }
      } catch (IOException e) {
        // not JSON after all: fall through to the raw body
      }
    }
    String raw = body == null ? "" : oneLine(body);
    if (raw.length() > MAX_BODY) {
      raw = raw.substring(0, MAX_BODY) + "...";
    }
    return raw.isEmpty() ? "(no body; HTTP status " + status + ")" : raw;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
