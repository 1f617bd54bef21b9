package io.tapline.sfu.forward;

/**
 * What one subscription sent, by output sequence number, to answer its NACKs: which cached source
 * packet (source sequence number, SSRC, epoch key) went out under that number and how its
 * timestamp and VP8 picture ids were restated. The mapping cannot be inverted from the current
 * offsets once a publisher restart or a simulcast layer switch has re-based them, so it is kept.
 * A ring of parallel arrays indexed by {@code outSeq & mask}: the packet path does not allocate.
 * Track I/O thread only.
 */
final class SentHistory {
  private final int[] outSeqs;
  private final int[] inSeqs;
  private final long[] ssrcs;
  private final int[] epochs;
  private final long[] outTimestamps;
  private final int[] pidDeltas;
  private final int[] tl0Deltas;
  private final long[] resentAt;
  private final int mask;

  SentHistory(int size) {
    int n = Integer.highestOneBit(Math.max(16, size - 1)) << 1;
    outSeqs = new int[n];
    inSeqs = new int[n];
    ssrcs = new long[n];
    epochs = new int[n];
    outTimestamps = new long[n];
    pidDeltas = new int[n];
    tl0Deltas = new int[n];
    resentAt = new long[n];
    mask = n - 1;
    java.util.Arrays.fill(outSeqs, -1);
  }

  void sent(int outSeq, int inSeq, long ssrc, int epoch, long outTs, int pidDelta, int tl0Delta) {
    int i = outSeq & mask;
    outSeqs[i] = outSeq;
    inSeqs[i] = inSeq;
    ssrcs[i] = ssrc;
    epochs[i] = epoch;
    outTimestamps[i] = outTs;
    pidDeltas[i] = pidDelta;
    tl0Deltas[i] = tl0Delta;
    resentAt[i] = Long.MIN_VALUE;
  }

  /** The slot of {@code outSeq}, or -1 when it was never sent or has been overwritten. */
  int find(int outSeq) {
    int i = outSeq & mask;
    return outSeqs[i] == outSeq ? i : -1;
  }

  /** Whether the slot was resent less than {@code minIntervalNanos} before {@code nowNanos}. */
  boolean resentWithin(int slot, long nowNanos, long minIntervalNanos) {
    return resentAt[slot] != Long.MIN_VALUE && nowNanos - resentAt[slot] < minIntervalNanos;
  }

  void resent(int slot, long nowNanos) {
    resentAt[slot] = nowNanos;
  }

  int inSeq(int slot) {
    return inSeqs[slot];
  }

  long ssrc(int slot) {
    return ssrcs[slot];
  }

  int epoch(int slot) {
    return epochs[slot];
  }

  long outTimestamp(int slot) {
    return outTimestamps[slot];
  }

  int pidDelta(int slot) {
    return pidDeltas[slot];
  }

  int tl0Delta(int slot) {
    return tl0Deltas[slot];
  }
}
