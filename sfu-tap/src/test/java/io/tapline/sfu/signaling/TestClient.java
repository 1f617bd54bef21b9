package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One client of the protocol: sends text, reads what the server sent since the last look. */
final class TestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  final InMemorySession session = new InMemorySession();
  private final SignalingHandler handler;
  private int read;
  private int nextId = 1;

  TestClient(SignalingHandler handler) {
    this.handler = handler;
    handler.onOpen(session);
  }

  /** Single quotes stand for double quotes, to keep JSON in tests readable. */
  static String q(String json) {
    return json.replace('\'', '"');
  }

  void sendRaw(String text) {
    handler.onMessage(session, text);
  }

  /** Sends a request (adding an id) and returns the server's answer to it. */
  JsonNode request(String typeAndFields) {
    String id = "r" + nextId++;
    String body = q(typeAndFields).trim();
    sendRaw("{\"id\":\"" + id + "\"," + body.substring(1));
    for (JsonNode m : unread()) {
      if (id.equals(m.path("id").asText(null))) {
        return m;
      }
    }
    return fail("no answer to " + id + "; got " + session.sent);
  }

  JsonNode ok(String typeAndFields) {
    JsonNode answer = request(typeAndFields);
    if (answer.path("type").asText().equals("error")) {
      fail("request " + typeAndFields + " failed: " + answer);
    }
    return answer;
  }

  void assertError(String code, String typeAndFields) {
    JsonNode answer = request(typeAndFields);
    assertEquals("error", answer.path("type").asText(), answer.toString());
    assertEquals(code, answer.path("code").asText(), answer.toString());
  }

  void assertUsable() {
    JsonNode pong = request("{'type':'ping'}");
    assertEquals("pong", pong.path("type").asText());
    assertNull(session.closeCode, "session was closed");
  }

  /** Messages the server sent since the last call, answers included. */
  List<JsonNode> unread() {
    List<JsonNode> out = new ArrayList<>();
    while (read < session.sent.size()) {
      try {
        out.add(JSON.readTree(session.sent.get(read++)));
      } catch (Exception e) {
        throw new UncheckedIOException(new java.io.IOException("server sent invalid JSON", e));
      }
    }
    return out;
  }

  /** Types of the unread messages, in order. */
  List<String> unreadTypes() {
    return unread().stream().map(m -> m.path("type").asText()).toList();
  }

  void disconnect() {
    handler.onClose(session, 1006, "connection lost");
  }
}
