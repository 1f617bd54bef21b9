package io.tapline.compositor.track;

/**
 * Extends wrapping RTP counters (16-bit sequence numbers, 32-bit timestamps) to 64 bits by picking
 * the candidate nearest the previous value, so reordered packets around a wrap land on the right
 * side. Minimal private version until {@code pipeline.rtp.SequenceNumberUnwrapper} lands.
 */
public final class SequenceUnwrapper {
  private final int bits;
  private final long modulus;
  private long last;
  private boolean started;

  private SequenceUnwrapper(int bits) {
    this.bits = bits;
    this.modulus = 1L << bits;
  }

  public static SequenceUnwrapper sequenceNumbers() {
    return new SequenceUnwrapper(16);
  }

  public static SequenceUnwrapper timestamps() {
    return new SequenceUnwrapper(32);
  }

  /** The extended value of {@code value}; the first value seen is taken as is (plus one modulus, so early reorders stay positive). */
  public long unwrap(long value) {
    value &= modulus - 1;
    if (!started) {
      started = true;
      last = value + modulus;
      return last;
    }
    long base = last - (last & (modulus - 1));
    long best = base + value;
    if (best - last > modulus / 2) {
      best -= modulus;
    } else if (last - best > modulus / 2) {
      best += modulus;
    }
    if (best > last) {
      last = best;
    }
    return best;
  }

  /** Extends {@code value} near an already extended {@code reference} without changing state. */
  public static long near(long reference, long value, int bits) {
    long modulus = 1L << bits;
    long best = reference - (reference & (modulus - 1)) + (value & (modulus - 1));
    if (best - reference > modulus / 2) {
      best -= modulus;
    } else if (reference - best > modulus / 2) {
      best += modulus;
    }
    return best;
  }

  int bits() {
    return bits;
  }
}
