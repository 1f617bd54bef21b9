package io.tapline.compositor.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingTimelineTest {
  static ManifestEvent e(long t, EventType type) {
    return new ManifestEvent(1, t, type, null, null, Map.of());
  }

  @Test
  void pausesAreCutOut() {
    RecordingTimeline t = RecordingTimeline.of(1000, 11_000, List.of(
        e(3000, EventType.RECORDING_PAUSED), e(5000, EventType.RECORDING_RESUMED),
        e(8000, EventType.RECORDING_PAUSED), e(8500, EventType.RECORDING_PAUSED)));
    assertEquals(List.of(new RecordingTimeline.Pause(3000, 5000), new RecordingTimeline.Pause(8000, 11_000)),
        t.pauses());
    assertEquals(5000, t.durationMicros());
    assertEquals(1000, t.outputMicros(2000));
    assertEquals(2000, t.outputMicros(4000), "inside a pause: where it was cut");
    assertEquals(2500, t.outputMicros(5500));
    assertEquals(5500, t.wallMicros(2500));
    assertEquals(5000, t.wallMicros(2000), "the first instant after the cut");
    assertTrue(t.isRecorded(2999));
    assertFalse(t.isRecorded(3000));
    assertFalse(t.isRecorded(900));
    assertFalse(t.isRecorded(9000));
  }
}
