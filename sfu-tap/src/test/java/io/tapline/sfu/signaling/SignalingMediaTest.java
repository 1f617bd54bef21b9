package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalingMediaTest {
  final SignalingFixture f = new SignalingFixture();

  @Test
  void publishHandsTheTrackToTheMediaPlaneAndAnswersWhereToSend() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.SUBSCRIBER);
    alice.unread();
    JsonNode published = alice.ok("{'type':'publish','track':{'trackId':'a-cam','kind':'video','source':'camera',"
        + "'codec':'VP8','payloadType':96,'clockRate':90000,'ssrc':4294967295,'fmtp':'max-fr=30',"
        + "'extmap':[{'id':3,'uri':'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'}]}}");

    assertEquals("published", published.path("type").asText());
    assertEquals("a-cam", published.path("trackId").asText());
    assertEquals("127.0.0.1", published.path("rtp").path("host").asText());
    assertEquals(40000, published.path("rtp").path("port").asInt());
    assertEquals(40001, published.path("rtcp").path("port").asInt());
    TrackSpec spec = f.media.published.get(0);
    assertEquals(new TrackSpec("c1", "alice", "ALICE", "a-cam", "video", "camera", "VP8", 96, 90000, null, "max-fr=30",
        Map.of(3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"), 4294967295L), spec);

    List<JsonNode> events = bob.unread();
    assertEquals(1, events.size());
    assertEquals("track-published", events.get(0).path("type").asText());
    assertEquals("a-cam", events.get(0).path("track").path("trackId").asText());
    assertEquals("alice", events.get(0).path("track").path("participantId").asText());
    assertEquals(3, events.get(0).path("track").path("extmap").get(0).path("id").asInt());
  }

  @Test
  void publishWithoutTrackIdGetsOne() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    JsonNode published = alice.ok("{'type':'publish','track':{'kind':'audio','source':'microphone','codec':'opus',"
        + "'payloadType':111,'clockRate':48000,'channels':2}}");
    String trackId = published.path("trackId").asText();
    assertTrue(trackId.startsWith("tr-"), trackId);
    assertEquals(trackId, f.media.published.get(0).trackId());
    assertNull(f.media.published.get(0).ssrc());
  }

  @Test
  void subscribeForwardsAddressesAndNackFlag() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.SUBSCRIBER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    bob.ok("{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':5004},"
        + "'rtcp':{'host':'127.0.0.1','port':5009},'nack':true}");
    alice.ok(SignalingFixture.publishScreen("a-screen"));
    bob.ok("{'type':'subscribe','trackId':'a-screen','rtp':{'host':'::1','port':6000}}");
    assertEquals(List.of("subscribe c1 bob a-mic", "subscribe c1 bob a-screen"), f.media.callsStartingWith("subscribe"));
    assertEquals(new SubscribeOptions(new InetSocketAddress("127.0.0.1", 5004),
        new InetSocketAddress("127.0.0.1", 5009), true), f.media.subscribeOptions.get(0));
    assertEquals(new SubscribeOptions(new InetSocketAddress("::1", 6000), null, false), f.media.subscribeOptions.get(1));
    assertEquals(java.util.Set.of("a-mic", "a-screen"), f.registry.require("c1").subscriptionsOf("bob"));
  }

  @Test
  void subscribeErrors() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.SUBSCRIBER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    bob.assertError("unknown-track", "{'type':'subscribe','trackId':'nope','rtp':{'host':'127.0.0.1','port':5004}}");
    bob.assertError("bad-message", "{'type':'subscribe','trackId':'a-mic','rtp':{'host':'example.com','port':5004}}");
    bob.assertError("bad-message", "{'type':'subscribe','trackId':'a-mic','rtp':{'host':'300.1.1.1','port':5004}}");
    bob.assertError("bad-message", "{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':70000}}");
    bob.assertError("bad-message", "{'type':'subscribe','trackId':'a-mic'}");
    bob.ok("{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':5004}}");
    bob.assertError("conflict", "{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':5006}}");
    bob.ok("{'type':'unsubscribe','trackId':'a-mic'}");
    bob.assertError("unknown-track", "{'type':'unsubscribe','trackId':'a-mic'}");
    assertEquals(List.of("unsubscribe c1 bob a-mic"), f.media.callsStartingWith("unsubscribe"));
    assertTrue(f.media.callsStartingWith("subscribe").size() == 1);
    bob.assertUsable();
  }

  @Test
  void rolesLimitWhatParticipantsMayDo() {
    TestClient sub = f.joined("c1", "sub", Role.SUBSCRIBER);
    TestClient pub = f.joined("c1", "pub", Role.PUBLISHER);
    TestClient rec = f.joined("c1", "rec", Role.RECORDER);
    pub.ok(SignalingFixture.publishAudio("p-mic"));

    sub.assertError("forbidden", SignalingFixture.publishAudio("s-mic"));
    rec.assertError("forbidden", SignalingFixture.publishAudio("r-mic"));
    sub.assertError("forbidden", "{'type':'mute','trackId':'p-mic'}");
    sub.assertError("forbidden", "{'type':'unpublish','trackId':'p-mic'}");
    sub.assertError("forbidden", "{'type':'recording','action':'start'}");
    pub.assertError("forbidden", "{'type':'recording','action':'start'}");
    rec.assertError("forbidden", "{'type':'chat','text':'hi'}");

    assertEquals(List.of("publish c1 p-mic"), f.media.calls);
    assertTrue(f.tap.recordings.isEmpty());
    assertEquals(7.0, f.counter("tapline.signaling.errors", "code", "forbidden"));
    sub.assertUsable();
    rec.assertUsable();
    // What the roles do allow:
    sub.ok("{'type':'subscribe','trackId':'p-mic','rtp':{'host':'127.0.0.1','port':5004}}");
    rec.ok("{'type':'recording','action':'start'}");
  }

  @Test
  void moderatorMutesOthersButOnlyOwnersUnmute() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient mod = f.joined("c1", "mod", Role.MODERATOR);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    alice.unread();
    mod.unread();

    mod.ok("{'type':'mute','trackId':'a-mic'}");
    List<JsonNode> toAlice = alice.unread();
    assertEquals(1, toAlice.size());
    assertEquals("muted", toAlice.get(0).path("type").asText());
    assertEquals("a-mic", toAlice.get(0).path("trackId").asText());
    assertEquals("mod", toAlice.get(0).path("by").asText());
    assertTrue(f.registry.require("c1").track("a-mic").muted());

    mod.assertError("forbidden", "{'type':'unmute','trackId':'a-mic'}");
    assertTrue(f.registry.require("c1").track("a-mic").muted());
    alice.ok("{'type':'unmute','trackId':'a-mic'}");
    assertFalse(f.registry.require("c1").track("a-mic").muted());
    assertEquals(List.of("unmuted"), mod.unreadTypes());
    assertEquals(List.of("mute c1 a-mic", "unmute c1 a-mic"),
        f.media.calls.stream().filter(c -> c.contains("mute")).toList());

    mod.ok("{'type':'unpublish','trackId':'a-mic'}");
    assertEquals(List.of("track-unpublished"), alice.unreadTypes());
  }

  @Test
  void chatGoesToEveryoneElseOrToOneParticipant() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.SUBSCRIBER);
    TestClient carol = f.joined("c1", "carol", Role.SUBSCRIBER);
    TestClient other = f.joined("c2", "dave", Role.PUBLISHER);
    alice.unread();
    bob.unread();

    alice.ok("{'type':'chat','text':'hello all'}");
    JsonNode toBob = bob.unread().get(0);
    assertEquals("chat", toBob.path("type").asText());
    assertEquals("alice", toBob.path("from").asText());
    assertEquals("ALICE", toBob.path("fromName").asText());
    assertEquals("hello all", toBob.path("text").asText());
    assertTrue(toBob.path("to").isMissingNode());
    assertEquals(List.of("chat"), carol.unreadTypes());

    bob.ok("{'type':'chat','text':'psst','to':'carol'}");
    JsonNode toCarol = carol.unread().get(0);
    assertEquals("carol", toCarol.path("to").asText());
    assertEquals(List.of(), alice.unreadTypes());
    assertEquals(List.of(), other.unreadTypes());

    bob.assertError("unknown-participant", "{'type':'chat','text':'x','to':'dave'}");
    bob.assertError("bad-message", "{'type':'chat','text':''}");
    bob.assertError("bad-message", "{'type':'chat','text':'" + "x".repeat(4001) + "'}");
    bob.assertError("bad-message", "{'type':'chat','text':42}");
  }

  @Test
  void activeSpeakerIsSentToEveryone() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    alice.unread();
    f.media.speaker("c1", "bob");
    JsonNode a = alice.unread().get(0);
    assertEquals("active-speaker", a.path("type").asText());
    assertEquals("bob", a.path("participantId").asText());
    assertEquals(List.of("active-speaker"), bob.unreadTypes());
  }

  @Test
  void mediaPlaneFailureIsAnErrorForThatRequestOnly() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    f.media.failingConversations.add("c1");
    JsonNode e = alice.request(SignalingFixture.publishAudio("mic"));
    assertEquals("media-error", e.path("code").asText());
    assertTrue(e.path("message").asText().contains("no free port"), e.toString());
    assertTrue(f.registry.require("c1").snapshot().tracks().isEmpty());
    f.media.failingConversations.clear();
    alice.ok(SignalingFixture.publishAudio("mic"));
  }
}
