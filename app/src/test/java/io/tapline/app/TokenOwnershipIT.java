package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.app.config.SfuConfiguration;
import io.tapline.sfu.auth.Role;
import io.tapline.storage.index.IndexDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A conversation a join creates (nobody made it over REST first) belongs to the application named
 * in the join token: it is visible to that application over REST and to no other, and the batch
 * jobs find its application in the configuration.
 */
class TokenOwnershipIT extends AppTestSupport {
  @Autowired SfuConfiguration.TokenKeys tokens;
  @Autowired IndexDatabase index;

  @Test
  void aConversationCreatedByAJoinBelongsToTheTokensApplication() throws Exception {
    String key = newKey("adhoc-app");
    String other = newKey("adhoc-other");
    String conv = "adhoc-" + System.nanoTime();
    // Issued for a conversation that does not exist yet (as a token server of the application
    // would): the app claim names the owner.
    String token = tokens.issuer().issue("adhoc-app", conv, "frank", "Frank", Role.PUBLISHER, Duration.ofMinutes(5));
    try (WsClient ws = new WsClient("ws://127.0.0.1:" + port + "/signaling")) {
      ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + token + "\"}");
      ws.await("joined");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Response r = get("/api/v1/conversations/" + conv, key);
      // the indexer writes the conversation, then its participant, off the signaling thread
      while ((r.status() != 200 || r.json().path("participants").size() == 0) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        r = get("/api/v1/conversations/" + conv, key);
      }
      assertEquals(200, r.status(), r.body());
      assertEquals("active", r.json().get("conversation").get("status").asText());
      assertEquals("frank", r.json().get("participants").get(0).get("participantId").asText());
      get("/api/v1/conversations/" + conv, other).problem(404, "not-found");
      String config = index.conversations().get(conv).configuration();
      assertTrue(config != null && config.contains("\"applicationId\":\"adhoc-app\""), String.valueOf(config));
      // And its recordings are the application's
      Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
      assertEquals(201, started.status(), started.body());
      post("/api/v1/conversations/" + conv + "/recordings", other, null).problem(404, "not-found");
      post("/api/v1/recordings/" + started.json().get("recordingId").asText() + "/stop", key, null);
    }
  }
}
