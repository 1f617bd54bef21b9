package io.tapline.app.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details; the type names the kind of problem, documented in openapi.yaml. */
public final class Problems {
  public static final String TYPE_BASE = "https://tapline.io/problems/";

  private Problems() {}

  public static ProblemDetail of(HttpStatus status, String type, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(TYPE_BASE + type));
    p.setTitle(status.getReasonPhrase());
    return p;
  }

  /** The same body as Spring would write, for filters that answer before a controller runs. */
  public static String json(HttpStatus status, String type, String detail, String instance) {
    return "{\"type\":\"" + TYPE_BASE + type + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
        + status.value() + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\"" + escape(instance) + "\"}";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
