package io.tapline.sfu.webrtc.srtp;

/**
 * The replay list of RFC 3711 section 3.3.2: a sliding bitmap of the packet indices already
 * accepted, below and including the highest one. Its size is a multiple of 64 and at least 64
 * (the RFC minimum); larger windows (Chrome uses 1024 for video) tolerate more reordering.
 *
 * <p>{@link #check} before authentication, {@link #accept} only after it, so that a forged packet
 * never moves the window.
 */
final class ReplayWindow {
  enum Verdict { NEW, REPLAYED, TOO_OLD }

  private final long[] bits;
  private final int size;
  private long highest = -1;

  ReplayWindow(int size) {
    if (size < 64 || size % 64 != 0) {
      throw new IllegalArgumentException("replay window must be a multiple of 64, >= 64: " + size);
    }
    this.size = size;
    this.bits = new long[size / 64];
  }

  Verdict check(long index) {
    if (index > highest) {
      return Verdict.NEW;
    }
    if (highest - index >= size) {
      return Verdict.TOO_OLD;
    }
    return isSet(index) ? Verdict.REPLAYED : Verdict.NEW;
  }

  void accept(long index) {
    if (index > highest) {
      long gap = index - highest;
      if (highest < 0 || gap >= size) {
        java.util.Arrays.fill(bits, 0L);
      } else {
        for (long i = highest + 1; i < index; i++) {
          clear(i);
        }
      }
      highest = index;
    }
    set(index);
  }

  long highest() {
    return highest;
  }

  private boolean isSet(long index) {
    int slot = (int) Math.floorMod(index, (long) size);
    return (bits[slot >>> 6] & (1L << (slot & 63))) != 0;
  }

  private void set(long index) {
    int slot = (int) Math.floorMod(index, (long) size);
    bits[slot >>> 6] |= 1L << (slot & 63);
  }

  private void clear(long index) {
    int slot = (int) Math.floorMod(index, (long) size);
    bits[slot >>> 6] &= ~(1L << (slot & 63));
  }
}
