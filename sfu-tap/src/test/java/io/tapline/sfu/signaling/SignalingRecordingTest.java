package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.EndReason;
import io.tapline.sfu.testing.RecordingTap;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalingRecordingTest {
  final SignalingFixture f = new SignalingFixture();

  @Test
  void joinLeaveMuteDuringARecordingAppearInOrder() {
    TestClient mod = f.joined("c1", "mod", Role.MODERATOR);
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    alice.ok(SignalingFixture.publishScreen("a-screen"));

    JsonNode started = mod.ok("{'type':'recording','action':'start'}");
    String recordingId = started.path("recording").path("recordingId").asText();
    assertEquals("recording", started.path("recording").path("state").asText());
    JsonNode told = alice.unread().stream().filter(m -> m.path("type").asText().equals("recording-started"))
        .findFirst().orElseThrow();
    assertEquals(recordingId, told.path("recording").path("recordingId").asText());

    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    bob.ok(SignalingFixture.publishAudio("b-mic"));
    mod.ok("{'type':'mute','trackId':'b-mic'}");
    bob.ok("{'type':'unmute','trackId':'b-mic'}");
    f.media.speaker("c1", "bob");
    alice.ok("{'type':'unpublish','trackId':'a-screen'}");
    bob.disconnect();
    mod.ok("{'type':'recording','action':'pause'}");
    mod.ok("{'type':'recording','action':'resume'}");
    alice.request("{'type':'leave'}");
    mod.ok("{'type':'recording','action':'stop'}");

    RecordingTap.Recording r = f.tap.last();
    assertEquals(recordingId, r.recordingId);
    assertEquals(List.of(
        "RECORDING_STARTED",
        "PARTICIPANT_JOINED mod",
        "PARTICIPANT_JOINED alice",
        "TRACK_PUBLISHED alice a-mic",
        "TRACK_PUBLISHED alice a-screen",
        "SCREEN_SHARE_STARTED alice a-screen",
        "PARTICIPANT_JOINED bob",
        "TRACK_PUBLISHED bob b-mic",
        "TRACK_MUTED bob b-mic",
        "TRACK_UNMUTED bob b-mic",
        "ACTIVE_SPEAKER_CHANGED bob",
        "SCREEN_SHARE_STOPPED alice a-screen",
        "TRACK_UNPUBLISHED alice a-screen",
        "TRACK_UNPUBLISHED bob b-mic",
        "PARTICIPANT_LEFT bob",
        "RECORDING_PAUSED",
        "RECORDING_RESUMED",
        "TRACK_UNPUBLISHED alice a-mic",
        "PARTICIPANT_LEFT alice",
        "RECORDING_STOPPED"), r.eventStrings());
    assertEquals("mod", r.events.get(8).attributes().get("by"));
  }

  @Test
  void recordingRequestsFollowTheLifecycle() {
    TestClient rec = f.joined("c1", "rec", Role.RECORDER);
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    rec.assertError("invalid-state", "{'type':'recording','action':'pause'}");
    rec.assertError("bad-message", "{'type':'recording','action':'rewind'}");
    rec.ok("{'type':'recording','action':'start'}");
    rec.assertError("invalid-state", "{'type':'recording','action':'start'}");
    rec.assertError("invalid-state", "{'type':'recording','action':'resume'}");
    assertEquals("paused", rec.ok("{'type':'recording','action':'pause'}").path("recording").path("state").asText());
    rec.ok("{'type':'recording','action':'resume'}");
    assertEquals("stopped", rec.ok("{'type':'recording','action':'stop'}").path("recording").path("state").asText());
    assertEquals(List.of("recording-started", "recording-paused", "recording-resumed", "recording-stopped"),
        alice.unreadTypes());

    // A late joiner learns the recording's state from joined.
    TestClient late = f.client();
    JsonNode joined = late.ok("{'type':'join','version':1,'conversationId':'c1','token':'"
        + f.token("c1", "late", Role.SUBSCRIBER) + "'}");
    assertEquals("stopped", joined.path("recording").path("state").asText());
  }

  @Test
  void recordingStartedThroughTheJavaApiIsAnnouncedToEveryone() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    alice.unread();
    f.recordings.start("c1");
    f.recordings.stop("c1");
    assertEquals(List.of("recording-started", "recording-stopped"), alice.unreadTypes());
    assertEquals(List.of("recording-started", "recording-stopped"), bob.unreadTypes());
  }

  @Test
  void endingAConversationTellsEveryoneAndClosesTheirSessions() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    TestClient bob = f.joined("c1", "bob", Role.PUBLISHER);
    TestClient other = f.joined("c2", "carol", Role.PUBLISHER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    f.recordings.start("c1");
    alice.unread();
    bob.unread();

    f.registry.end("c1", EndReason.ENDED_BY_APPLICATION);

    for (TestClient c : List.of(alice, bob)) {
      List<JsonNode> got = c.unread();
      JsonNode last = got.get(got.size() - 1);
      assertEquals("conversation-ended", last.path("type").asText());
      assertEquals("ended-by-application", last.path("reason").asText());
      assertEquals(4000, c.session.closeCode);
    }
    assertTrue(f.media.calls.contains("unpublish c1 a-mic"));
    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice", "PARTICIPANT_JOINED bob",
        "TRACK_PUBLISHED alice a-mic", "TRACK_UNPUBLISHED alice a-mic", "PARTICIPANT_LEFT alice",
        "PARTICIPANT_LEFT bob", "RECORDING_STOPPED"), f.tap.last().eventStrings());
    // The transport's close callbacks come later and find nothing to do.
    alice.disconnect();
    bob.disconnect();
    // The other conversation is untouched.
    other.assertUsable();
    other.ok(SignalingFixture.publishAudio("c-mic"));
    assertEquals(1, f.registry.require("c2").snapshot().participants().size());
  }

  @Test
  void emptyConversationEndsAfterTheGraceTimeAndAnewJoinStartsAFreshOne() {
    TestClient alice = f.joined("c1", "alice", Role.PUBLISHER);
    alice.ok(SignalingFixture.publishAudio("a-mic"));
    alice.disconnect();
    f.scheduler.advance(Duration.ofSeconds(59));
    assertTrue(f.registry.find("c1").isPresent());
    f.scheduler.advance(Duration.ofSeconds(1));
    assertTrue(f.registry.find("c1").isEmpty());

    TestClient again = f.client();
    JsonNode joined = again.ok("{'type':'join','version':1,'conversationId':'c1','token':'"
        + f.token("c1", "alice", Role.PUBLISHER) + "'}");
    assertEquals(1, joined.path("participants").size());
    assertEquals(0, joined.path("participants").get(0).path("tracks").size());
    assertNull(again.session.closeCode);
  }

  @Test
  void twoConversationsDoNotSeeEachOther() {
    TestClient a1 = f.joined("a", "p1", Role.MODERATOR);
    TestClient a2 = f.joined("a", "p2", Role.PUBLISHER);
    TestClient b1 = f.joined("b", "p1", Role.MODERATOR);
    TestClient b2 = f.joined("b", "p2", Role.PUBLISHER);
    a1.unread();
    b1.unread();

    a2.ok(SignalingFixture.publishAudio("mic"));
    b2.ok(SignalingFixture.publishAudio("mic"));
    assertEquals(List.of("track-published"), a1.unreadTypes());
    assertEquals(List.of("track-published"), b1.unreadTypes());
    a1.ok("{'type':'mute','trackId':'mic'}");
    a1.ok("{'type':'recording','action':'start'}");
    a2.ok("{'type':'chat','text':'only in a'}");
    a2.disconnect();

    assertEquals(List.of("chat", "track-unpublished", "participant-left"), a1.unreadTypes());
    assertEquals(List.of(), b1.unreadTypes());
    assertEquals(List.of(), b2.unreadTypes());
    assertTrue(f.registry.require("a").snapshot().tracks().isEmpty());
    assertEquals(false, f.registry.require("b").track("mic").muted());
    assertEquals(1, f.tap.recordings.size());
    assertEquals("a", f.tap.last().conversationId);
    assertEquals(2, f.registry.require("b").snapshot().participants().size());
  }
}
