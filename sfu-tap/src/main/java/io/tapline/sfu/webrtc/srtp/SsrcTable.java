package io.tapline.sfu.webrtc.srtp;

/**
 * The per-SSRC states of one {@link SrtpContext}, keyed by the unboxed SSRC: a {@code HashMap}
 * would box every SSRC outside the {@code Integer} cache on lookup, i.e. allocate per packet when
 * a transport interleaves streams (audio and video). Open addressing with linear probing over a
 * fixed table twice the capacity; entries are never removed (a context forgets nothing).
 */
final class SsrcTable {
  private final int capacity;
  private final int mask;
  private final int[] keys;
  private final SsrcState[] values;
  private int size;

  SsrcTable(int capacity) {
    this.capacity = capacity;
    int slots = Integer.highestOneBit(Math.max(capacity, 1) * 2 - 1) << 1;
    this.mask = slots - 1;
    this.keys = new int[slots];
    this.values = new SsrcState[slots];
  }

  SsrcState get(int ssrc) {
    for (int i = slot(ssrc); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == ssrc) {
        return values[i];
      }
    }
    return null;
  }

  /** Adds or replaces the state of an SSRC; a new SSRC beyond the capacity is refused. */
  void put(int ssrc, SsrcState state) {
    int i = slot(ssrc);
    while (values[i] != null) {
      if (keys[i] == ssrc) {
        values[i] = state;
        return;
      }
      i = (i + 1) & mask;
    }
    if (size >= capacity) {
      throw new IllegalStateException("SSRC table full at " + capacity + " SSRCs");
    }
    keys[i] = ssrc;
    values[i] = state;
    size++;
  }

  int size() {
    return size;
  }

  private int slot(int ssrc) {
    // SSRCs are random but a peer may pick them; spread the bits before masking.
    return (ssrc * 0x9E3779B9) >>> 16 & mask;
  }
}
