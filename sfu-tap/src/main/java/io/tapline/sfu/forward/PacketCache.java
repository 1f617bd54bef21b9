package io.tapline.sfu.forward;

/**
 * The last packets of one track, by sequence number, to answer NACKs. A ring of preallocated slots
 * indexed by {@code seq & mask}: storing copies into a slot's array (grown once for a large
 * packet), so the packet path does not allocate. Used by the track's I/O thread only.
 */
final class PacketCache {
  private final byte[][] data;
  private final int[] lengths;
  private final int[] seqs;
  private final long[] ssrcs;
  private final int[] epochs;
  private final int mask;

  PacketCache(int size) {
    int n = Integer.highestOneBit(Math.max(16, size - 1)) << 1;
    data = new byte[n][1500];
    lengths = new int[n];
    seqs = new int[n];
    ssrcs = new long[n];
    epochs = new int[n];
    mask = n - 1;
    java.util.Arrays.fill(seqs, -1);
  }

  int capacity() {
    return mask + 1;
  }

  void store(byte[] b, int offset, int length, int seq, long ssrc, int epoch) {
    int i = seq & mask;
    if (data[i].length < length) {
      data[i] = new byte[length];
    }
    System.arraycopy(b, offset, data[i], 0, length);
    lengths[i] = length;
    seqs[i] = seq;
    ssrcs[i] = ssrc;
    epochs[i] = epoch;
  }

  /** The slot holding {@code seq} of {@code ssrc} in {@code epoch}, or -1. */
  int find(int seq, long ssrc, int epoch) {
    int i = seq & mask;
    return seqs[i] == seq && ssrcs[i] == ssrc && epochs[i] == epoch ? i : -1;
  }

  byte[] data(int slot) {
    return data[slot];
  }

  int length(int slot) {
    return lengths[slot];
  }
}
