package io.tapline.compositor.timeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MuteIntervalsTest {
  static ManifestEvent e(long t, EventType type, String track) {
    return new ManifestEvent(1, t, type, "p", track, Map.of());
  }

  @Test
  void muteUntilUnmuteOrForever() {
    MuteIntervals m = new MuteIntervals(List.of(
        e(10, EventType.TRACK_MUTED, "a"), e(20, EventType.TRACK_UNMUTED, "a"),
        e(30, EventType.TRACK_MUTED, "a"), e(5, EventType.TRACK_MUTED, "b"), e(7, EventType.TRACK_UNMUTED, null)));
    assertFalse(m.isMuted("a", 9));
    assertTrue(m.isMuted("a", 10));
    assertFalse(m.isMuted("a", 20));
    assertTrue(m.isMuted("a", 1_000_000));
    assertTrue(m.isMuted("b", 8), "an unmute of no track does not unmute b");
    assertFalse(m.isMuted("c", 8));
  }
}
