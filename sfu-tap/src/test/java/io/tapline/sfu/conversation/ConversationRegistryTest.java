package io.tapline.sfu.conversation;

import static io.tapline.sfu.conversation.ConversationFixture.audio;
import static io.tapline.sfu.conversation.ConversationFixture.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.ConversationException.Failure;
import io.tapline.sfu.media.SubscribeOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationRegistryTest {
  final ConversationFixture f = new ConversationFixture();

  @Test
  void firstJoinCreatesTheConversationAndListenersHearInOrder() {
    Conversation c = f.registry.join("c1", "alice", "Alice", Role.PUBLISHER);
    f.registry.join("c1", "bob", null, Role.SUBSCRIBER);
    assertEquals(List.of("started c1", "joined c1 alice", "joined c1 bob"), f.heard);
    assertEquals(2, c.snapshot().participants().size());
    assertEquals(1.0, f.meters.get("tapline.conversations.active").gauge().value());
  }

  @Test
  void plannedConversationWaitsForItsFirstJoinWithoutTimer() {
    Conversation planned = f.registry.plan("weekly");
    f.scheduler.advance(Duration.ofHours(2));
    assertFalse(planned.isEnded());
    assertEquals(planned, f.registry.join("weekly", "alice", null, Role.MODERATOR));
    assertEquals(List.of("started weekly", "joined weekly alice"), f.heard);
  }

  @Test
  void leavingUnpublishesTracksAndEndsSubscriptions() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    f.registry.join("c1", "bob", null, Role.PUBLISHER);
    c.publish(audio("c1", "alice", "a-mic"));
    c.publish(video("c1", "bob", "b-cam", "camera"));
    c.subscribe("alice", "b-cam", new SubscribeOptions(new InetSocketAddress("127.0.0.1", 5004), null, true));
    f.media.calls.clear();

    c.leave("alice", LeaveReason.DISCONNECTED);

    assertEquals(List.of("unsubscribe c1 alice b-cam", "unpublish c1 a-mic"), f.media.calls);
    assertEquals(List.of("b-cam"), c.snapshot().tracks().stream().map(Track::trackId).toList());
    assertTrue(f.heard.contains("left c1 alice DISCONNECTED"));
  }

  @Test
  void emptyConversationEndsAfterGraceTime() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    c.leave("alice", LeaveReason.LEFT);
    f.scheduler.advance(Duration.ofSeconds(59));
    assertFalse(c.isEnded());
    f.scheduler.advance(Duration.ofSeconds(1));
    assertTrue(c.isEnded());
    assertEquals("ended c1 EMPTY", f.heard.get(f.heard.size() - 1));
    assertTrue(f.registry.find("c1").isEmpty());
    assertEquals(0.0, f.meters.get("tapline.conversations.active").gauge().value());
  }

  @Test
  void rejoiningWithinGraceTimeKeepsTheConversation() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    c.leave("alice", LeaveReason.LEFT);
    f.scheduler.advance(Duration.ofSeconds(30));
    assertEquals(c, f.registry.join("c1", "bob", null, Role.PUBLISHER));
    assertEquals(0, f.scheduler.pendingCount());
    f.scheduler.advance(Duration.ofMinutes(5));
    assertFalse(c.isEnded());
  }

  @Test
  void graceTimeIsConfigurable() {
    ConversationRegistry registry = new ConversationRegistry(
        f.media, new ConversationConfig(Duration.ofSeconds(5)), f.clock, f.scheduler, f.meters);
    Conversation c = registry.join("short", "alice", null, Role.PUBLISHER);
    c.leave("alice", LeaveReason.LEFT);
    f.scheduler.advance(Duration.ofSeconds(5));
    assertTrue(c.isEnded());
  }

  @Test
  void aJoinAfterTheEndStartsANewConversation() {
    Conversation first = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    assertTrue(f.registry.end("c1", EndReason.ENDED_BY_APPLICATION));
    assertThrows(ConversationException.class, () -> first.publish(audio("c1", "alice", "m")));
    Conversation second = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    assertNotSame(first, second);
    assertEquals(List.of("started c1", "joined c1 alice", "left c1 alice CONVERSATION_ENDED",
        "ended c1 ENDED_BY_APPLICATION", "started c1", "joined c1 alice"), f.heard);
  }

  @Test
  void joiningTwiceReplacesTheFirstPresence() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    c.publish(audio("c1", "alice", "mic"));
    f.registry.join("c1", "alice", null, Role.PUBLISHER);
    assertEquals(List.of("publish c1 mic", "unpublish c1 mic"), f.media.calls);
    assertEquals(1, c.snapshot().participants().size());
    assertTrue(f.heard.contains("left c1 alice REPLACED"));
  }

  @Test
  void trackStateAndErrors() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    c.publish(audio("c1", "alice", "mic"));
    ConversationException dup = assertThrows(ConversationException.class, () -> c.publish(audio("c1", "alice", "mic")));
    assertEquals(Failure.CONFLICT, dup.failure());
    assertTrue(c.setMuted("mic", true, "alice").muted());
    assertTrue(c.track("mic").muted());
    c.setMuted("mic", true, "alice"); // already muted: no second call, no event
    assertEquals(List.of("publish c1 mic", "mute c1 mic"), f.media.calls);
    assertEquals(Failure.UNKNOWN_TRACK,
        assertThrows(ConversationException.class, () -> c.setMuted("nope", true, "alice")).failure());
    assertEquals(Failure.UNKNOWN_PARTICIPANT,
        assertThrows(ConversationException.class, () -> c.publish(audio("c1", "zed", "z"))).failure());
  }

  @Test
  void conversationsAreIsolated() {
    Conversation a = f.registry.join("a", "alice", null, Role.PUBLISHER);
    Conversation b = f.registry.join("b", "bob", null, Role.PUBLISHER);
    f.media.failingConversations.add("a");
    f.registry.addObserver((conversation, event) -> {
      if (conversation.id().equals("a")) {
        throw new IllegalStateException("observer broken for a");
      }
    });

    ConversationException e = assertThrows(ConversationException.class, () -> a.publish(audio("a", "alice", "mic")));
    assertEquals(Failure.MEDIA_FAILURE, e.failure());
    assertTrue(a.snapshot().tracks().isEmpty());
    b.publish(audio("b", "bob", "mic"));
    a.join("carol", null, Role.SUBSCRIBER);
    f.registry.end("a", EndReason.ENDED_BY_APPLICATION);

    assertEquals(List.of("mic"), b.snapshot().tracks().stream().map(Track::trackId).toList());
    assertFalse(b.isEnded());
    assertTrue(f.heard.contains("joined a carol"));
    assertEquals(List.of("bob"), b.snapshot().participants().stream().map(Participant::id).toList());
  }

  @Test
  void activeSpeakerFromTheMediaPlaneIsDedupedAndChecked() {
    f.registry.join("c1", "alice", null, Role.PUBLISHER);
    f.registry.join("c1", "bob", null, Role.PUBLISHER);
    List<String> speakers = new java.util.ArrayList<>();
    f.registry.addObserver((c, e) -> {
      if (e instanceof ConversationEvent.ActiveSpeakerChanged s) {
        speakers.add(c.id() + ":" + s.participantId());
      }
    });
    f.media.speaker("c1", "alice");
    f.media.speaker("c1", "alice");
    f.media.speaker("c1", "nobody");
    f.media.speaker("unknown-conversation", "alice");
    f.media.speaker("c1", "bob");
    assertEquals(List.of("c1:alice", "c1:bob"), speakers);
  }
}
