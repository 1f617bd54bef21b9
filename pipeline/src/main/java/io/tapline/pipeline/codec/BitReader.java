package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * Reads bits most-significant first, as the VP9 and H.264 specifications write syntax elements
 * (f(n)/u(n), and H.264 exp-Golomb ue(v)/se(v), ITU-T H.264 section 9.1). Bad input throws a
 * {@link MalformedPacketException} with reason {@code <prefix>_truncated} (past the end) or {@code
 * <prefix>_exp_golomb} (a code longer than 32 bits).
 */
final class BitReader {
  private final byte[] bytes;
  private final long endBit;
  private final String reasonPrefix;
  private long bit;

  /** @param reasonPrefix e.g. {@code h264.sps}, giving {@code h264.sps_truncated} */
  BitReader(byte[] bytes, int offset, int length, String reasonPrefix) {
    this.bytes = bytes;
    this.bit = 8L * offset;
    this.endBit = 8L * (offset + length);
    this.reasonPrefix = reasonPrefix;
  }

  /** Reads {@code n} (0..32) bits as an unsigned value. */
  long bits(int n) throws MalformedPacketException {
    if (bit + n > endBit) {
      throw new MalformedPacketException(reasonPrefix + "_truncated", "needs " + n + " more bits, has " + (endBit - bit));
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      int b = (bytes[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1;
      v = (v << 1) | b;
      bit++;
    }
    return v;
  }

  int bit() throws MalformedPacketException {
    return (int) bits(1);
  }

  boolean flag() throws MalformedPacketException {
    return bits(1) == 1;
  }

  /** ue(v): exp-Golomb, values up to 2^32 - 2; longer prefixes are malformed. */
  long ue() throws MalformedPacketException {
    int zeros = 0;
    while (bit() == 0) {
      if (++zeros > 31) {
        throw new MalformedPacketException(reasonPrefix + "_exp_golomb", "prefix of more than 31 zeros");
      }
    }
    return (1L << zeros) - 1 + bits(zeros);
  }

  /** se(v): signed exp-Golomb (ITU-T H.264 section 9.1.1). */
  long se() throws MalformedPacketException {
    long k = ue();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** Bits left to read. */
  long remaining() {
    return endBit - bit;
  }
}
