package io.tapline.sfu.conversation;

import static io.tapline.sfu.conversation.ConversationFixture.audio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.testing.RecordingTap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads joining, publishing, muting and leaving while recordings start and stop. */
class ConversationConcurrencyTest {
  final ConversationFixture f = new ConversationFixture();

  @Test
  void stateAndRecordedEventsStayConsistent() throws Exception {
    String[] ids = {"a", "b"};
    for (String id : ids) {
      f.registry.plan(id); // planned: no grace timer until someone has been there
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      String participant = "p" + t;
      work.add(pool.submit(() -> {
        for (int i = 0; i < 150; i++) {
          String conv = ids[i % 2];
          Conversation c = f.registry.join(conv, participant, null, Role.PUBLISHER);
          c.publish(audio(conv, participant, participant + "-" + i));
          c.setMuted(participant + "-" + i, true, participant);
          c.leave(participant, LeaveReason.LEFT);
        }
        return null;
      }));
    }
    work.add(pool.submit(() -> {
      for (int i = 0; i < 100; i++) {
        String conv = ids[i % 2];
        try {
          f.recordings.start(conv);
          f.recordings.stop(conv);
        } catch (ConversationException e) {
          fail(e);
        }
      }
      return null;
    }));
    pool.shutdown();
    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "deadlock or livelock");
    for (Future<?> w : work) {
      w.get();
    }

    for (String id : ids) {
      ConversationSnapshot s = f.registry.require(id).snapshot();
      assertTrue(s.participants().isEmpty(), s.toString());
      assertTrue(s.tracks().isEmpty(), s.toString());
    }
    assertEquals(450, f.media.callsStartingWith("publish").size());
    assertEquals(450, f.media.callsStartingWith("unpublish").size());
    assertEquals(100, f.tap.recordings.size());
    for (RecordingTap.Recording r : f.tap.recordings) {
      checkWellFormed(r);
    }
  }

  /** Each participant alternates joined/left; each track is published, maybe muted, then unpublished. */
  private static void checkWellFormed(RecordingTap.Recording r) {
    Map<String, Boolean> present = new HashMap<>();
    Set<String> tracks = new HashSet<>();
    for (RecordingTap.Event e : r.events) {
      switch (e.type()) {
        case PARTICIPANT_JOINED -> assertTrue(present.put(e.participantId(), true) != Boolean.TRUE, r.eventStrings()
            .toString());
        case PARTICIPANT_LEFT -> assertEquals(Boolean.TRUE, present.put(e.participantId(), false), e.toString());
        case TRACK_PUBLISHED -> {
          assertEquals(Boolean.TRUE, present.get(e.participantId()), e.toString());
          assertTrue(tracks.add(e.trackId()), e.toString());
        }
        case TRACK_MUTED -> assertTrue(tracks.contains(e.trackId()), e.toString());
        case TRACK_UNPUBLISHED -> assertTrue(tracks.remove(e.trackId()), e.toString());
        default -> assertTrue(e.type().name().startsWith("RECORDING_"), e.toString());
      }
    }
    assertEquals(EventType.RECORDING_STOPPED, r.events.get(r.events.size() - 1).type());
  }
}
