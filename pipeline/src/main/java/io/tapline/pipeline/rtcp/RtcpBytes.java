package io.tapline.pipeline.rtcp;

/** Big-endian field access shared by the RTCP codecs. */
final class RtcpBytes {
  private RtcpBytes() {}

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  static int u24(byte[] b, int i) {
    return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
  }

  static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  static void putU16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void putU24(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 16);
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) v;
  }

  /**
   * Writes the common header of RFC 3550 section 6.4.1 (V=2, P=0, count, type, length in 32-bit
   * words minus one) for a packet of {@code totalLength} bytes.
   */
  static void putHeader(byte[] b, int i, int count, int type, int totalLength) {
    if ((totalLength & 3) != 0 || totalLength < 4 || totalLength / 4 - 1 > 0xffff) {
      throw new IllegalArgumentException("RTCP packet length " + totalLength);
    }
    b[i] = (byte) (0x80 | count);
    b[i + 1] = (byte) type;
    putU16(b, i + 2, totalLength / 4 - 1);
  }

  static long checkU32(long v, String what) {
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException(what + " " + v + " is not a 32-bit unsigned value");
    }
    return v;
  }

  static int checkCount(int n, String what) {
    if (n > 31) {
      throw new IllegalArgumentException(n + " " + what + ", at most 31 fit the count field");
    }
    return n;
  }
}
