package io.tapline.compositor.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tapline.compositor.layout.Tile;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneTimelineTest {
  static final long S = 1_000_000;
  final List<ManifestEvent> events = new ArrayList<>();
  final List<TrackInfo> tracks = List.of(
      new TrackInfo("a-cam", "a", "Ann", true, false, true, 0, 60 * S),
      new TrackInfo("b-cam", "b", "Ben", true, false, true, 0, 60 * S),
      new TrackInfo("b-screen", "b", "Ben", true, true, true, 0, 60 * S));

  void event(long t, EventType type, String p, String track) {
    events.add(new ManifestEvent(events.size() + 1, t, type, p, track, p == null ? Map.of() : Map.of("name", p + "!")));
  }

  @Test
  void followsJoinsMutesSharesSpeakerAndLeaves() {
    event(0, EventType.PARTICIPANT_JOINED, "a", null);
    event(10 * S, EventType.PARTICIPANT_JOINED, "b", null);
    event(20 * S, EventType.TRACK_MUTED, "b", "b-cam");
    event(25 * S, EventType.TRACK_UNMUTED, "b", "b-cam");
    event(30 * S, EventType.SCREEN_SHARE_STARTED, "b", "b-screen");
    event(35 * S, EventType.SCREEN_SHARE_STOPPED, "b", "b-screen");
    event(40 * S, EventType.ACTIVE_SPEAKER_CHANGED, "b", null);
    event(50 * S, EventType.PARTICIPANT_LEFT, "b", null);
    SceneTimeline t = SceneTimeline.build(0, 60 * S, tracks, events, 2 * S);

    Tile a = new Tile("a", "a!", "a-cam", false);
    Tile b = new Tile("b", "b!", "b-cam", false);
    assertEquals(new Scene(List.of(a), null), t.at(5 * S));
    assertEquals(new Scene(List.of(a, b), null), t.at(10 * S));
    assertEquals(new Scene(List.of(a, new Tile("b", "b!", null, false)), null), t.at(21 * S), "muted: placeholder");
    assertEquals(new Scene(List.of(a, b, new Tile("b", "b!", "b-screen", true)), null), t.at(31 * S));
    assertEquals(new Scene(List.of(a, b), "b"), t.at(45 * S));
    assertEquals(new Scene(List.of(a), null), t.at(55 * S), "speaker who left is forgotten");
    assertArrayEquals(new long[] {0, 10 * S, 20 * S, 25 * S, 30 * S, 35 * S, 40 * S, 50 * S}, t.changeTimes());
  }

  @Test
  void changesCloserThanTheDwellWaitAndCoalesce() {
    event(0, EventType.PARTICIPANT_JOINED, "a", null);
    event(0, EventType.PARTICIPANT_JOINED, "b", null);
    event(10 * S, EventType.ACTIVE_SPEAKER_CHANGED, "a", null);
    event(10 * S + 300_000, EventType.ACTIVE_SPEAKER_CHANGED, "b", null);
    event(10 * S + 600_000, EventType.ACTIVE_SPEAKER_CHANGED, "a", null);
    event(11 * S, EventType.ACTIVE_SPEAKER_CHANGED, "b", null);
    SceneTimeline t = SceneTimeline.build(0, 60 * S, tracks, events, 2 * S);
    // a at 10 s is shown; the flips within 2 s wait until 12 s, when b is the speaker
    assertArrayEquals(new long[] {0, 10 * S, 12 * S}, t.changeTimes());
    assertEquals("a", t.at(11 * S).activeSpeakerId());
    assertEquals("b", t.at(12 * S).activeSpeakerId());
  }

  @Test
  void withoutEventsParticipantsAreThereWhileTheyHaveMedia() {
    List<TrackInfo> only = List.of(new TrackInfo("a-cam", "a", "Ann", true, false, true, 5 * S, 20 * S),
        new TrackInfo("c-mic", "c", "Cy", false, false, false, 0, 60 * S));
    SceneTimeline t = SceneTimeline.build(0, 60 * S, only, List.of(), S);
    assertEquals(List.of(new Tile("c", "Cy", null, false)), t.at(S).tiles());
    assertEquals(List.of(new Tile("c", "Cy", null, false), new Tile("a", "Ann", "a-cam", false)), t.at(6 * S).tiles());
    assertNull(t.at(6 * S).activeSpeakerId());
    assertEquals(1, t.at(30 * S).tiles().size());
  }
}
