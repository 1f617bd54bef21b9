package io.tapline.pipeline.rtp.ext;

import java.util.List;

/**
 * Writes a list of elements as one RTP header extension block (RFC 8285): the one-byte form
 * (section 4.2) when every element fits it, otherwise the two-byte form (section 4.3). The block
 * is zero-padded to a multiple of 4 bytes as RFC 3550 section 5.3.1 requires.
 */
public final class HeaderExtensionWriter {
  private HeaderExtensionWriter() {}

  /** Whether {@code elements} need the two-byte form. */
  public static boolean needsTwoByte(List<HeaderExtension> elements) {
    for (HeaderExtension e : elements) {
      if (!e.fitsOneByte()) {
        return true;
      }
    }
    return false;
  }

  /** The bytes the block takes, including its 4-byte profile/length word and padding. */
  public static int blockLength(List<HeaderExtension> elements) {
    return 4 + paddedDataLength(elements, needsTwoByte(elements));
  }

  private static int paddedDataLength(List<HeaderExtension> elements, boolean twoByte) {
    int n = 0;
    for (HeaderExtension e : elements) {
      n += (twoByte ? 2 : 1) + e.length();
    }
    return (n + 3) & ~3;
  }

  /**
   * Writes the block (profile, length in words, elements, padding) at {@code dst[offset]}.
   *
   * @return the number of bytes written, {@link #blockLength}
   */
  public static int write(List<HeaderExtension> elements, byte[] dst, int offset) {
    boolean twoByte = needsTwoByte(elements);
    int dataLength = paddedDataLength(elements, twoByte);
    if (dataLength / 4 > 0xffff) {
      throw new IllegalArgumentException("extension block of " + dataLength + " bytes is too long");
    }
    if (offset < 0 || offset + 4 + dataLength > dst.length) {
      throw new IllegalArgumentException("no room for a " + (4 + dataLength) + "-byte extension block");
    }
    int profile = twoByte ? HeaderExtensions.TWO_BYTE_PROFILE : HeaderExtensions.ONE_BYTE_PROFILE;
    dst[offset] = (byte) (profile >>> 8);
    dst[offset + 1] = (byte) profile;
    dst[offset + 2] = (byte) (dataLength >>> 10);
    dst[offset + 3] = (byte) (dataLength >>> 2);
    int pos = offset + 4;
    for (HeaderExtension e : elements) {
      if (twoByte) {
        dst[pos++] = (byte) e.id();
        dst[pos++] = (byte) e.length();
      } else {
        dst[pos++] = (byte) ((e.id() << 4) | (e.length() - 1));
      }
      e.copyTo(dst, pos);
      pos += e.length();
    }
    int end = offset + 4 + dataLength;
    while (pos < end) {
      dst[pos++] = 0;
    }
    return 4 + dataLength;
  }
}
