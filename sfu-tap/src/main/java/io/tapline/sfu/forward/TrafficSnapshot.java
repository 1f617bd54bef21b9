package io.tapline.sfu.forward;

import java.util.Map;

/** Counts of a scope at one instant. */
public record TrafficSnapshot(long packetsIn, long bytesIn, long packetsOut, long bytesOut, Map<String, Long> drops) {
  public long drops(String reason) {
    return drops.getOrDefault(reason, 0L);
  }
}
