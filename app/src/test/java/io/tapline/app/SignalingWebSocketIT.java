package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The signaling endpoint over a real WebSocket, with tokens from the REST API. */
class SignalingWebSocketIT extends AppTestSupport {

  String wsUrl() {
    return "ws://127.0.0.1:" + port + "/signaling";
  }

  @Test
  void joinsWithATokenFromTheApiAndShowsUpInTheConversation() throws Exception {
    String key = newKey("ws-app");
    String conv = createConversation(key, "Standup");
    String token = issueToken(key, conv, "alice", "publisher");
    try (WsClient alice = new WsClient(wsUrl())) {
      alice.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + token + "\"}");
      JsonNode joined = alice.await("joined");
      assertEquals("1", joined.get("id").asText());
      assertEquals("alice", joined.get("participantId").asText());

      String bobToken = issueToken(key, conv, "bob", "subscriber");
      try (WsClient bob = new WsClient(wsUrl())) {
        bob.send("{\"type\":\"join\",\"id\":\"a\",\"version\":1,\"conversationId\":\"" + conv
            + "\",\"token\":\"" + bobToken + "\"}");
        assertEquals(2, bob.await("joined").get("participants").size());
        assertEquals("bob", alice.await("participant-joined").get("participant").get("participantId").asText());
      }

      JsonNode detail = awaitParticipants(key, conv, 2);
      assertEquals("active", detail.get("conversation").get("status").asText());
      assertEquals("alice", detail.get("participants").get(0).get("participantId").asText());
      assertEquals(true, detail.get("participants").get(0).get("online").asBoolean());
    }
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    String key = newKey("ws-expired");
    String conv = createConversation(key, "Late");
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String expired = new TokenIssuer(TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), past)
        .issue(conv, "late", "Late", Role.PUBLISHER, Duration.ofMinutes(5));
    try (WsClient c = new WsClient(wsUrl())) {
      c.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + expired + "\"}");
      JsonNode error = c.await("error");
      assertEquals("token-expired", error.get("code").asText());
      assertEquals(4401, c.closed.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void refusesATokenForAnotherConversation() throws Exception {
    String key = newKey("ws-wrong");
    String a = createConversation(key, "A");
    String b = createConversation(key, "B");
    String tokenForA = issueToken(key, a, "carol", "publisher");
    try (WsClient c = new WsClient(wsUrl())) {
      c.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + b
          + "\",\"token\":\"" + tokenForA + "\"}");
      assertEquals("wrong-conversation", c.await("error").get("code").asText());
      assertEquals(4403, c.closed.get(10, TimeUnit.SECONDS));
    }
  }

  private JsonNode awaitParticipants(String key, String conv, int n) throws Exception {
    // the indexer writes off the signaling thread: on a loaded machine that can take seconds
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode detail = null;
    while (System.nanoTime() < deadline) {
      detail = get("/api/v1/conversations/" + conv, key).json();
      // The GET reads the conversation row before its participants, so a read racing the indexer
      // can see every participant but the status from before the first join: wait for both.
      if (detail.get("participants").size() == n
          && !"planned".equals(detail.get("conversation").get("status").asText())) {
        return detail;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("participants never reached " + n + ": " + detail);
  }
}
