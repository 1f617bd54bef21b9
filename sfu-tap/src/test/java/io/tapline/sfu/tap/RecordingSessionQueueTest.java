package io.tapline.sfu.tap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer that cannot keep up makes the tap drop and count, never block the forwarding thread. */
class RecordingSessionQueueTest {
  @TempDir Path dir;

  @Test
  void overflowIsCountedAndEveryPacketIsEitherWrittenOrCounted() throws Exception {
    CountDownLatch sinkEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TapConfig config = new TapConfig(Duration.ofMillis(1), Duration.ZERO, Duration.ZERO, Duration.ZERO,
        Duration.ofMillis(50), 16, (rec, track, segment, file) -> {
          sinkEntered.countDown();
          try {
            release.await(); // a stalled upload: the writer thread is stuck here
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> keyframeRequests = new ArrayList<>();
    RecordingSession session = new RecordingSession("r1", "c1", dir, config, keyframeRequests::add, () -> {},
        () -> System.currentTimeMillis() * 1000, registry);
    TrackTap tap = session.trackTap(Specs.audio("c1", "alice", "a1"));
    int offered = 0;
    long micros = System.currentTimeMillis() * 1000;
    // two packets 10 ms apart make the first segment (1 ms long) roll, and the sink blocks
    for (; offered < 2; offered++) {
      byte[] p = new RtpBuilder().pt(111).seq(offered).ts(960L * offered).build();
      tap.record(RecordType.RTP, micros + offered * 10_000L, p, 0, p.length);
    }
    assertTrue(sinkEntered.await(30, TimeUnit.SECONDS));
    // 500 more while the sink stays stalled: a tap that waited for the disk would never finish
    // them (the sink is released only afterwards), whatever the machine's speed
    ExecutorService forwarding = Executors.newSingleThreadExecutor();
    try {
      Future<?> burst = forwarding.submit(() -> {
        for (int seq = 2; seq < 502; seq++) {
          byte[] p = new RtpBuilder().pt(111).seq(seq).ts(960L * seq).build();
          tap.record(RecordType.RTP, micros + seq * 10_000L, p, 0, p.length);
        }
      });
      assertDoesNotThrow(() -> burst.get(30, TimeUnit.SECONDS),
          "the forwarding side never waits for the disk: 500 packets not taken while the sink is stalled");
      offered = 502;
    } finally {
      forwarding.shutdownNow();
    }
    long dropped = session.drops().get("tap.queue_full");
    assertTrue(dropped >= 500 - 16, "dropped " + dropped);
    assertEquals((double) dropped, registry.get("tapline.tap.drops").tag("recording", "r1").functionCounter().count());
    release.countDown();
    session.stop();
    long written = new RecordingDirectory(dir).readManifest().track("a1").orElseThrow().segments().stream()
        .mapToLong(SegmentEntry::rtpPackets).sum();
    assertEquals(offered, written + dropped, "every packet is on disk or counted");
    assertTrue(keyframeRequests.isEmpty(), "no keyframe requests for audio");
  }
}
