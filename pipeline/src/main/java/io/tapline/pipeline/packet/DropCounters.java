package io.tapline.pipeline.packet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts dropped input by reason. Thread-safe and cheap on the hot path (one map lookup and a
 * {@link LongAdder} increment). Modules that export metrics bind a snapshot to Micrometer.
 */
public final class DropCounters {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void count(String reason) {
    counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public void count(MalformedPacketException e) {
    count(e.reason());
  }

  public long get(String reason) {
    LongAdder a = counts.get(reason);
    return a == null ? 0 : a.sum();
  }

  public long total() {
    long sum = 0;
    for (LongAdder a : counts.values()) {
      sum += a.sum();
    }
    return sum;
  }

  /** A sorted copy, for reports and logs. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
