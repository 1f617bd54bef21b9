package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.media.TrackSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tap records one layer of a simulcast track; its keyframe requests (recording start, each
 * segment roll) go to that layer only, not to every layer the publisher sends.
 */
class SimulcastLayersTapKeyframeTest {
  static final long SECOND = 1_000_000_000L;
  static final InetSocketAddress PUBLISHER = new InetSocketAddress("127.0.0.1", 5004);

  final List<Long> plis = new ArrayList<>();
  final SimulcastLayers layers = new SimulcastLayers(
      new TrackSpec("c", "p", null, "cam", "video", "camera", "VP8", 96, 90000, null, null, null, null,
          new SimulcastStreams("1", List.of("q", "h", "f"))),
      2 * SECOND, 0, ssrc -> plis.add(ssrc));

  @Test
  void beforeTheTapHasALayerEveryLayerIsAskedThenOnlyTheRecordedOne() {
    long now = 10 * SECOND;
    for (int i = 0; i < 3; i++) {
      layers.layer(i).latch.admit(PUBLISHER, 100 + i, now);
      layers.received(i, 1000, now);
    }
    layers.requestTapKeyframe(now);
    layers.tick(now);
    assertEquals(List.of(100L, 101L, 102L), plis, "no layer chosen yet: whichever keyframe comes first");

    plis.clear();
    layers.tapSwitch().retarget(2);
    layers.tapSwitch().accept(2, true);
    layers.requestTapKeyframe(now + SECOND);
    layers.tick(now + SECOND);
    assertEquals(List.of(102L), plis, "a segment roll asks the recorded layer only");

    plis.clear();
    layers.tapSwitch().retarget(1); // the top layer paused: switching down, still on 2 until 1's keyframe
    layers.requestTapKeyframe(now + 2 * SECOND);
    layers.tick(now + 2 * SECOND);
    assertEquals(List.of(101L), plis, "the layer whose keyframe makes the switch (and starts a segment)");
  }
}
