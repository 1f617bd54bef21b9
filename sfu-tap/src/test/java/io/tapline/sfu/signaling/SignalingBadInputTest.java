package io.tapline.sfu.signaling;

import static io.tapline.sfu.signaling.TestClient.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad message gets an error that says what is wrong, and the session goes on working. */
class SignalingBadInputTest {
  final SignalingFixture f = new SignalingFixture(new SignalingConfig(4096, 100));
  final TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
  final TestClient bob = f.joined("c1", "bob", Role.SUBSCRIBER);

  @BeforeEach
  void readJoinEvents() {
    alice.unread();
  }

  @Test
  void invalidJson() {
    for (String text : List.of("{", "not json", "{\"type\":\"ping\",}", "", "[1,2]", "42", "null",
        "[".repeat(200) + "]".repeat(200), "{\"type\":\"ping\"} {\"type\":\"leave\"}",
        "{\"type\":\"ping\",\"type\":\"leave\"}")) {
      JsonNode e = lastError(alice, text);
      assertEquals("bad-json", e.path("code").asText(), text);
      assertFalse(e.has("id"));
      alice.assertUsable();
    }
  }

  @Test
  void missingOrWrongFieldsNameTheField() {
    assertMessage("field 'type' is required", "{'kind':'x'}");
    assertMessage("field 'trackId' is required", "{'type':'mute'}");
    assertMessage("field 'track' is required", "{'type':'publish'}");
    assertMessage("field 'track.codec' is required", "{'type':'publish','track':{'kind':'audio','source':'microphone',"
        + "'payloadType':111,'clockRate':48000}}");
    assertMessage("field 'track.kind' must be one of audio, video", "{'type':'publish','track':{'kind':'smell',"
        + "'source':'camera','codec':'VP8','payloadType':96,'clockRate':90000}}");
    assertMessage("field 'track.payloadType' must be an integer from 0 to 127", "{'type':'publish','track':{"
        + "'kind':'video','source':'camera','codec':'VP8','payloadType':200,'clockRate':90000}}");
    assertMessage("field 'track.source' 'camera' does not go with kind 'audio'", "{'type':'publish','track':{"
        + "'kind':'audio','source':'camera','codec':'opus','payloadType':111,'clockRate':48000}}");
    assertMessage("field 'track.channels' is only for audio tracks", "{'type':'publish','track':{"
        + "'kind':'video','source':'camera','codec':'VP8','payloadType':96,'clockRate':90000,'channels':2}}");
    assertMessage("field 'track.extmap[0].id' must be an integer from 1 to 255", "{'type':'publish','track':{"
        + "'kind':'video','source':'camera','codec':'VP8','payloadType':96,'clockRate':90000,"
        + "'extmap':[{'id':0,'uri':'urn:x'}]}}");
    assertMessage("field 'track.trackId' must match", "{'type':'publish','track':{'trackId':'../etc',"
        + "'kind':'video','source':'camera','codec':'VP8','payloadType':96,'clockRate':90000}}");
    JsonNode badId = lastError(alice, q("{'type':'ping','id':{'a':1}}"));
    assertEquals("field 'id' must be a string or integer of at most 64 characters", badId.path("message").asText());
    assertTrue(f.media.published.isEmpty());
    alice.assertUsable();
  }

  @Test
  void unknownTypeIsNamedAndTheKnownOnesListed() {
    JsonNode e = alice.request("{'type':'teleport'}");
    assertEquals("unknown-type", e.path("code").asText());
    assertTrue(e.path("message").asText().startsWith("unknown message type 'teleport'; known types: join, publish"));
    assertEquals(1.0, f.counter("tapline.signaling.messages.in", "type", "other"));
    alice.assertUsable();
  }

  @Test
  void oversizedMessageIsRefusedBeforeParsing() {
    String big = "{\"type\":\"chat\",\"id\":\"big\",\"text\":\"" + "x".repeat(5000) + "\"}";
    JsonNode e = lastError(alice, big);
    assertEquals("message-too-large", e.path("code").asText());
    assertEquals("message is larger than 4096 bytes", e.path("message").asText());
    assertEquals(List.of(), bob.unreadTypes());
    // Multi-byte characters count in bytes: 1500 x 'é' is 3000 bytes, 2100 is 4200.
    alice.ok("{'type':'chat','text':'" + "é".repeat(90) + "'}");
    assertEquals("message-too-large", lastError(alice, q("{'type':'chat','text':'" + "é".repeat(2100) + "'}"))
        .path("code").asText());
    alice.assertUsable();
  }

  @Test
  void errorsEchoTheRequestIdAndAreCounted() {
    alice.sendRaw(q("{'type':'mute','id':17,'trackId':'nope'}"));
    JsonNode e = alice.unread().get(0);
    assertEquals("error", e.path("type").asText());
    assertEquals("17", e.path("id").asText());
    assertEquals("unknown-track", e.path("code").asText());
    assertEquals("no track nope in conversation c1", e.path("message").asText());
    assertEquals(1.0, f.counter("tapline.signaling.errors", "code", "unknown-track"));
    assertEquals(1.0, f.counter("tapline.signaling.messages.in", "type", "mute"));
  }

  @Test
  void badInputDoesNotDisturbOthers() {
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    bob.unread();
    lastError(alice, "{{{");
    alice.request("{'type':'nope'}");
    alice.request("{'type':'publish','track':{}}");
    assertEquals(List.of(), bob.unreadTypes());
    bob.ok("{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':5004}}");
    assertEquals(2, f.registry.require("c1").snapshot().participants().size());
  }

  private JsonNode lastError(TestClient c, String raw) {
    c.sendRaw(raw);
    List<JsonNode> got = c.unread();
    assertEquals(1, got.size(), "one answer expected to " + raw.substring(0, Math.min(80, raw.length())));
    assertEquals("error", got.get(0).path("type").asText());
    return got.get(0);
  }

  private void assertMessage(String expectedStart, String request) {
    JsonNode e = alice.request(request);
    assertEquals("error", e.path("type").asText(), e.toString());
    assertEquals("bad-message", e.path("code").asText(), e.toString());
    assertTrue(e.path("message").asText().startsWith(expectedStart), e.path("message").asText());
  }
}
