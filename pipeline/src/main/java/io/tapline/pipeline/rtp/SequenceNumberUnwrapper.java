package io.tapline.pipeline.rtp;

/**
 * Extends 16-bit RTP sequence numbers to 64 bits (RFC 3550 Appendix A.1): a packet within {@link
 * #MAX_DROPOUT} ahead of the highest number seen advances it, counting a cycle when it wraps; one
 * within {@link #MAX_MISORDER} behind is a late (reordered) packet and is placed in the right
 * cycle, also across a wrap, without moving the highest. Anything else is a large jump: A.1 treats
 * it as a possible source restart and only believes it when the next packet follows it in
 * sequence, so the jump is given its nearest extended value but the highest moves only then.
 *
 * <p>The first number is returned as is; packets older than it may get negative values.
 */
public final class SequenceNumberUnwrapper {
  public static final int MAX_DROPOUT = 3000;
  public static final int MAX_MISORDER = 100;
  private static final int SEQ_MOD = 1 << 16;

  private boolean started;
  private long highest;
  private long pendingJump = Long.MIN_VALUE; // extended number expected next to confirm a jump

  /** The extended sequence number for {@code sequenceNumber} (0-65535). */
  public long unwrap(int sequenceNumber) {
    if (sequenceNumber < 0 || sequenceNumber >= SEQ_MOD) {
      throw new IllegalArgumentException("sequence number " + sequenceNumber);
    }
    if (!started) {
      started = true;
      highest = sequenceNumber;
      return highest;
    }
    int udelta = (sequenceNumber - (int) (highest & 0xffff)) & 0xffff;
    if (udelta < MAX_DROPOUT) {
      highest += udelta;
      pendingJump = Long.MIN_VALUE;
      return highest;
    }
    if (udelta >= SEQ_MOD - MAX_MISORDER) {
      return highest - (SEQ_MOD - udelta);
    }
    // Large jump: nearest interpretation (signed 16-bit distance).
    long extended = highest + (short) udelta;
    if (extended == pendingJump) {
      highest = extended;
      pendingJump = Long.MIN_VALUE;
    } else {
      pendingJump = extended + 1;
    }
    return extended;
  }

  /** The highest extended number accepted so far; meaningless before the first packet. */
  public long highest() {
    return highest;
  }

  public boolean started() {
    return started;
  }
}
