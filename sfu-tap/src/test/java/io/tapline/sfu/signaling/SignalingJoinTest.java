package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalingJoinTest {
  final SignalingFixture f = new SignalingFixture();

  @Test
  void joinAnswersWithVersionIdentityAndCurrentState() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    alice.ok("{'type':'mute','trackId':'a-mic'}");

    TestClient bob = f.client();
    JsonNode joined = bob.ok("{'type':'join','version':1,'conversationId':'c1','token':'"
        + f.token("c1", "bob", Role.SUBSCRIBER) + "'}");
    assertEquals("joined", joined.path("type").asText());
    assertEquals(1, joined.path("version").asInt());
    assertEquals("c1", joined.path("conversationId").asText());
    assertEquals("bob", joined.path("participantId").asText());
    JsonNode participants = joined.path("participants");
    assertEquals(2, participants.size());
    assertEquals("alice", participants.get(0).path("participantId").asText());
    assertEquals("ALICE", participants.get(0).path("name").asText());
    assertEquals("publisher", participants.get(0).path("role").asText());
    JsonNode track = participants.get(0).path("tracks").get(0);
    assertEquals("a-mic", track.path("trackId").asText());
    assertEquals("opus", track.path("codec").asText());
    assertEquals(111, track.path("payloadType").asInt());
    assertTrue(track.path("muted").asBoolean());
    assertEquals("bob", participants.get(1).path("participantId").asText());

    List<JsonNode> seen = alice.unread();
    assertEquals(1, seen.size());
    assertEquals("participant-joined", seen.get(0).path("type").asText());
    assertEquals("bob", seen.get(0).path("participant").path("participantId").asText());
    assertEquals("subscriber", seen.get(0).path("participant").path("role").asText());
  }

  @Test
  void badlySignedTokenIsRefusedAndTheSessionClosed() {
    String forged = new TokenIssuer("another-secret-another-secret-0123".getBytes(StandardCharsets.US_ASCII), f.clock)
        .issue("c1", "mallory", null, Role.MODERATOR, Duration.ofMinutes(5));
    assertRefused("invalid-token", 4401, "c1", forged);
  }

  @Test
  void malformedTokenIsRefused() {
    assertRefused("invalid-token", 4401, "c1", "not.a.jwt");
  }

  @Test
  void expiredTokenIsRefused() {
    String token = f.token("c1", "alice", Role.PUBLISHER);
    f.clock.advance(Duration.ofMinutes(11));
    assertRefused("token-expired", 4401, "c1", token);
  }

  @Test
  void tokenOfAnotherConversationIsRefused() {
    assertRefused("wrong-conversation", 4403, "c2", f.token("c1", "alice", Role.MODERATOR));
    assertTrue(f.registry.find("c2").isEmpty());
  }

  @Test
  void algNoneTokenIsRefused() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(
        "{\"sub\":\"mallory\",\"conv\":\"c1\",\"role\":\"moderator\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8));
    assertRefused("invalid-token", 4401, "c1", header + "." + payload + ".");
  }

  @Test
  void unsupportedVersionIsAnErrorButTheSessionStays() {
    TestClient c = f.client();
    JsonNode e = c.request("{'type':'join','version':2,'conversationId':'c1','token':'"
        + f.token("c1", "alice", Role.PUBLISHER) + "'}");
    assertEquals("unsupported-version", e.path("code").asText());
    assertTrue(e.path("message").asText().contains("version 1"));
    c.assertUsable();
    c.ok("{'type':'join','version':1,'conversationId':'c1','token':'" + f.token("c1", "alice", Role.PUBLISHER) + "'}");
  }

  @Test
  void requestsBeforeJoinAndSecondJoinAreRefused() {
    TestClient c = f.client();
    c.assertError("not-joined", SignalingFixture.publishAudio("m"));
    c.assertUsable();
    c.ok("{'type':'join','version':1,'conversationId':'c1','token':'" + f.token("c1", "alice", Role.PUBLISHER) + "'}");
    c.assertError("already-joined",
        "{'type':'join','version':1,'conversationId':'c1','token':'" + f.token("c1", "alice", Role.PUBLISHER) + "'}");
    c.assertUsable();
  }

  @Test
  void joiningAgainFromANewSessionReplacesTheOldOne() {
    TestClient first = f.joined("c1", "alice", Role.PUBLISHER);
    first.ok(SignalingFixture.publishAudio("mic"));
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    TestClient second = f.joined("c1", "alice", Role.PUBLISHER);
    assertEquals(4001, first.session.closeCode);
    assertEquals(List.of("track-unpublished", "participant-left", "participant-joined"), bob.unreadTypes());
    // The old session's close arrives later and must not remove the new presence.
    first.disconnect();
    assertEquals(2, f.registry.require("c1").snapshot().participants().size());
    second.assertUsable();
  }

  @Test
  void leaveAnswersThenClosesNormally() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    alice.unread();
    bob.ok(SignalingFixture.publishAudio("b-mic"));
    JsonNode ok = bob.request("{'type':'leave'}");
    assertEquals("ok", ok.path("type").asText());
    assertEquals(1000, bob.session.closeCode);
    assertEquals(List.of("track-published", "track-unpublished", "participant-left"), alice.unreadTypes());
    assertTrue(f.media.calls.contains("unpublish c1 b-mic"));
  }

  @Test
  void closedSessionLeavesAndUnpublishes() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    bob.ok(SignalingFixture.publishAudio("b-mic"));
    alice.unread();
    bob.disconnect();
    List<JsonNode> seen = alice.unread();
    assertEquals("track-unpublished", seen.get(0).path("type").asText());
    assertEquals("b-mic", seen.get(0).path("trackId").asText());
    assertEquals("participant-left", seen.get(1).path("type").asText());
    assertEquals("disconnected", seen.get(1).path("reason").asText());
    assertEquals(List.of("alice"),
        f.registry.require("c1").snapshot().participants().stream().map(p -> p.id()).toList());
    assertEquals(1.0, f.meters.get("tapline.signaling.sessions").gauge().value());
  }

  @Test
  void participantRemovedByTheApplicationIsClosedAndOthersTold() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    bob.ok(SignalingFixture.publishAudio("b-mic"));
    alice.unread();
    f.registry.require("c1").leave("bob", io.tapline.sfu.conversation.LeaveReason.REMOVED);
    assertEquals(4003, bob.session.closeCode);
    List<JsonNode> seen = alice.unread();
    assertEquals(List.of("track-unpublished", "participant-left"),
        seen.stream().map(m -> m.path("type").asText()).toList());
    assertEquals("removed", seen.get(1).path("reason").asText());
    bob.disconnect(); // the transport's close callback finds nothing left to do
    assertEquals(1, f.registry.require("c1").snapshot().participants().size());
  }

  private void assertRefused(String code, int closeCode, String conversationId, String token) {
    TestClient c = f.client();
    JsonNode e = c.request("{'type':'join','version':1,'conversationId':'" + conversationId + "','token':'" + token
        + "'}");
    assertEquals("error", e.path("type").asText());
    assertEquals(code, e.path("code").asText());
    assertFalse(e.path("message").asText().isBlank());
    assertEquals(closeCode, c.session.closeCode);
    assertEquals(code, c.session.closeReason);
    assertEquals(1.0, f.counter("tapline.signaling.errors", "code", code));
    assertNull(f.registry.find(conversationId).map(x -> x.participant("mallory")).orElse(null));
    // Later messages on the closed session are ignored, not answered.
    int before = c.session.sent.size();
    c.sendRaw("{\"type\":\"ping\",\"id\":\"x\"}");
    assertEquals(before, c.session.sent.size());
  }
}
