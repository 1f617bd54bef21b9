package io.tapline.sfu.tools;

/** Microsecond buckets up to one second; enough for percentiles of loopback latency. */
final class LatencyHistogram {
  private final long[] buckets = new long[1_000_001];
  private long count;

  void record(long nanos) {
    int us = (int) Math.min(buckets.length - 1, Math.max(0, nanos / 1000));
    buckets[us]++;
    count++;
  }

  long count() {
    return count;
  }

  /** The latency in microseconds below which {@code fraction} of the samples lie. */
  long percentileMicros(double fraction) {
    long rank = (long) Math.ceil(fraction * count);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank && rank > 0) {
        return i;
      }
    }
    return -1;
  }

  void clear() {
    java.util.Arrays.fill(buckets, 0);
    count = 0;
  }
}
