package io.tapline.sfu.tap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.pipeline.packet.DropCounters;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a recording did not write, by reason ({@code tap.queue_full}, {@code tap.awaiting_keyframe},
 * {@code tap.write_failed}, parser reasons), exported as {@code tapline.tap.drops{recording,reason}}.
 */
final class TapDrops implements AutoCloseable {
  private final DropCounters counts = new DropCounters();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final MeterRegistry registry;
  private final String recordingId;

  TapDrops(MeterRegistry registry, String recordingId) {
    this.registry = registry;
    this.recordingId = recordingId;
  }

  void count(String reason) {
    counts.count(reason);
    if (registered.add(reason)) {
      meters.add(FunctionCounter.builder("tapline.tap.drops", counts, c -> c.get(reason))
          .tag("recording", recordingId).tag("reason", reason).register(registry));
    }
  }

  DropCounters counts() {
    return counts;
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
