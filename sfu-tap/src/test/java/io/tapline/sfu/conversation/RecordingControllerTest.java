package io.tapline.sfu.conversation;

import static io.tapline.sfu.conversation.ConversationFixture.audio;
import static io.tapline.sfu.conversation.ConversationFixture.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.ConversationException.Failure;
import io.tapline.sfu.tap.TapRecording;
import io.tapline.sfu.testing.RecordingTap;
import io.tapline.pipeline.manifest.SafeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingControllerTest {
  final ConversationFixture f = new ConversationFixture();

  @Test
  void startWritesTheCurrentStateThenEveryEventInOrder() {
    Conversation c = f.registry.join("c1", "alice", "Alice", Role.PUBLISHER);
    f.registry.join("c1", "bob", null, Role.PUBLISHER);
    c.publish(audio("c1", "alice", "a-mic"));
    c.publish(video("c1", "bob", "b-screen", "screen"));
    c.setMuted("a-mic", true, "alice");

    RecordingStatus status = f.recordings.start("c1");
    assertEquals("rec-1", status.recordingId());
    assertEquals(Path.of("/rec/c1/rec-1"), status.directory());
    RecordingTap.Recording r = f.tap.last();
    assertEquals(Path.of("/rec/c1/rec-1"), r.directory);

    f.registry.join("c1", "carol", null, Role.PUBLISHER);
    c.setMuted("a-mic", false, "alice");
    f.media.speaker("c1", "bob");
    c.unpublish("b-screen", "bob");
    c.leave("bob", LeaveReason.LEFT);

    assertEquals(List.of(
        "RECORDING_STARTED",
        "PARTICIPANT_JOINED alice",
        "PARTICIPANT_JOINED bob",
        "TRACK_PUBLISHED alice a-mic",
        "TRACK_MUTED alice a-mic",
        "TRACK_PUBLISHED bob b-screen",
        "SCREEN_SHARE_STARTED bob b-screen",
        "PARTICIPANT_JOINED carol",
        "TRACK_UNMUTED alice a-mic",
        "ACTIVE_SPEAKER_CHANGED bob",
        "SCREEN_SHARE_STOPPED bob b-screen",
        "TRACK_UNPUBLISHED bob b-screen",
        "PARTICIPANT_LEFT bob"), r.eventStrings());
    assertEquals(Map.of("name", "Alice", "role", "publisher"), r.events.get(1).attributes());
    assertEquals(Map.of("kind", "video", "codec", "VP8", "source", "screen"), r.events.get(5).attributes());
    assertEquals(Map.of("reason", "left"), r.events.get(12).attributes());
  }

  @Test
  void pauseResumeStopMoveForwardAndAreHeard() {
    f.registry.join("c1", "alice", null, Role.MODERATOR);
    f.recordings.start("c1");
    assertEquals(TapRecording.State.PAUSED, f.recordings.pause("c1").state());
    assertEquals(Failure.INVALID_STATE, assertThrows(ConversationException.class, () -> f.recordings.pause("c1")).failure());
    f.registry.join("c1", "bob", null, Role.PUBLISHER); // events are logged while paused too
    assertEquals(TapRecording.State.RECORDING, f.recordings.resume("c1").state());
    assertEquals(TapRecording.State.STOPPED, f.recordings.stop("c1").state());
    assertEquals(Failure.INVALID_STATE, assertThrows(ConversationException.class, () -> f.recordings.stop("c1")).failure());
    f.registry.join("c1", "carol", null, Role.PUBLISHER); // after stop: not logged

    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice", "RECORDING_PAUSED", "PARTICIPANT_JOINED bob",
        "RECORDING_RESUMED", "RECORDING_STOPPED"), f.tap.last().eventStrings());
    assertTrue(f.heard.containsAll(List.of("recording-started c1 rec-1", "recording-paused c1",
        "recording-resumed c1", "recording-stopped c1 STOPPED")));

    // A new recording may start after the previous one stopped.
    assertEquals("rec-2", f.recordings.start("c1").recordingId());
    assertEquals(Failure.INVALID_STATE, assertThrows(ConversationException.class, () -> f.recordings.start("c1")).failure());
  }

  @Test
  void endingTheConversationStopsItsRecordingAfterTheLeaves() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    c.publish(audio("c1", "alice", "mic"));
    f.recordings.start("c1");
    f.registry.end("c1", EndReason.ENDED_BY_APPLICATION);
    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice", "TRACK_PUBLISHED alice mic",
        "TRACK_UNPUBLISHED alice mic", "PARTICIPANT_LEFT alice", "RECORDING_STOPPED"), f.tap.last().eventStrings());
    assertEquals(List.of("recording-stopped c1 STOPPED", "ended c1 ENDED_BY_APPLICATION"),
        f.heard.subList(f.heard.size() - 2, f.heard.size()));
  }

  @Test
  void aCallerChosenRecordingIdNamesTheRecordingAndItsDirectory() {
    f.registry.plan("weekly");
    f.recordings.startAs("weekly", "sch-1_occ-2", null);
    assertEquals("sch-1_occ-2", f.tap.last().recordingId);
    assertTrue(f.tap.last().directory.endsWith(Path.of("weekly", "sch-1_occ-2")));
    assertEquals(f.tap.last().directory, f.recordings.directory("weekly", "sch-1_occ-2"));
    f.registry.plan("other");
    // storage's rule (KeyLayout.id): a dot would be accepted here and refused when stored
    for (String bad : new String[] {"sch-1.occ-2", "../escape", ".hidden", "a/b", "",
        "x".repeat(65)}) {
      assertFalse(SafeId.isValid(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> f.recordings.startAs("other", bad, null), bad);
    }
    assertEquals(1, f.tap.recordings.size());
  }

  @Test
  void aPlannedConversationCanBeRecordedBeforeAnyoneJoins() {
    f.registry.plan("weekly");
    f.recordings.start("weekly");
    f.registry.join("weekly", "alice", null, Role.PUBLISHER);
    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice"), f.tap.last().eventStrings());
  }

  @Test
  void failuresAreReportedAndLeaveOthersAlone() {
    assertEquals(Failure.UNKNOWN_CONVERSATION,
        assertThrows(ConversationException.class, () -> f.recordings.start("nope")).failure());
    f.registry.join("a", "alice", null, Role.PUBLISHER);
    f.registry.join("b", "bob", null, Role.PUBLISHER);
    f.tap.failingConversations.add("a");
    assertEquals(Failure.MEDIA_FAILURE, assertThrows(ConversationException.class, () -> f.recordings.start("a")).failure());
    f.recordings.start("b");
    assertEquals("b", f.tap.last().conversationId);
    assertEquals(null, f.registry.require("a").recording());
  }

  @Test
  void aFailingEventWriteIsCountedNotThrown() {
    Conversation c = f.registry.join("c1", "alice", null, Role.PUBLISHER);
    f.recordings.start("c1");
    f.tap.last().failWrites = true;
    f.registry.join("c1", "bob", null, Role.PUBLISHER);
    c.publish(audio("c1", "bob", "mic"));
    assertEquals(2.0, f.meters.get("tapline.recording.event.failures").counter().count());
    assertEquals(2, c.snapshot().participants().size());
    assertEquals(1, c.snapshot().tracks().size());
    f.tap.last().failWrites = false;
    c.leave("bob", LeaveReason.LEFT);
    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice", "TRACK_UNPUBLISHED bob mic",
        "PARTICIPANT_LEFT bob"), f.tap.last().eventStrings());
  }

  @Test
  void aTapThatCannotPauseLeavesTheRecordingRunning() {
    f.registry.join("c1", "alice", null, Role.MODERATOR);
    f.recordings.start("c1");
    f.tap.last().failWrites = true;
    ConversationException e = assertThrows(ConversationException.class, () -> f.recordings.pause("c1"));
    assertEquals(Failure.MEDIA_FAILURE, e.failure());
    assertEquals(TapRecording.State.RECORDING, f.registry.require("c1").recording().state());
    assertTrue(f.heard.stream().noneMatch(h -> h.startsWith("recording-paused")));
    f.tap.last().failWrites = false;
    assertEquals(TapRecording.State.PAUSED, f.recordings.pause("c1").state());
  }
}
