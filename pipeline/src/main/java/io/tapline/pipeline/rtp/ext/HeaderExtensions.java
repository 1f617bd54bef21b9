package io.tapline.pipeline.rtp.ext;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;

/**
 * The elements of one RTP header extension block (RFC 8285), as (id, offset, length) triples over
 * the caller's array: nothing is copied.
 *
 * <p>One-byte form (section 4.2), profile 0xBEDE; L is length - 1, so 1 to 16 data bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0xBE    |    0xDE       |           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A zero byte is padding (a byte with ID 0 and nonzero length bits is skipped as padding too);
 * ID 15 is reserved and stops parsing ("the rest of the header extension MUST be ignored").
 *
 * <p>Two-byte form (section 4.3), profile 0x100 in the upper 12 bits (0x1000-0x100F, the low 4
 * bits are "appbits"); L is the real length, 0 to 255:
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0x10    |    0x00       |           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      ID       |     L=0       |     ID        |     L=1       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       data    |    0 (pad)    |       ID      |      L=4      |
 * </pre>
 *
 * <p>A zero ID byte is padding. Other profiles are not RFC 8285 and are reported as {@link
 * #isRfc8285()} false with no elements.
 */
public final class HeaderExtensions {
  public static final int ONE_BYTE_PROFILE = 0xBEDE;
  public static final int TWO_BYTE_PROFILE = 0x1000;
  private static final int ONE_BYTE_STOP_ID = 15;
  private static final HeaderExtensions NONE = new HeaderExtensions(new byte[0], -1, 0, new int[0]);

  private final byte[] buffer;
  private final int profile;
  private final int count;
  // Packed per element: id, offset, length.
  private final int[] elements;

  private HeaderExtensions(byte[] buffer, int profile, int count, int[] elements) {
    this.buffer = buffer;
    this.profile = profile;
    this.count = count;
    this.elements = elements;
  }

  /** No extension block at all. */
  public static HeaderExtensions none() {
    return NONE;
  }

  /**
   * Parses the extension data {@code buffer[offset, offset + length)} that followed a header with
   * the given 16-bit profile.
   *
   * @throws MalformedPacketException {@code rtp.ext.overflow} when an element runs past the block
   */
  public static HeaderExtensions parse(byte[] buffer, int profile, int offset, int length)
      throws MalformedPacketException {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buffer.length);
    }
    if (profile == ONE_BYTE_PROFILE) {
      return parseOneByte(buffer, offset, length);
    }
    if ((profile & 0xfff0) == TWO_BYTE_PROFILE) {
      return parseTwoByte(buffer, profile, offset, length);
    }
    return new HeaderExtensions(buffer, profile, 0, new int[0]);
  }

  private static HeaderExtensions parseOneByte(byte[] b, int offset, int length)
      throws MalformedPacketException {
    int[] out = new int[12];
    int n = 0;
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int head = b[pos] & 0xff;
      int id = head >>> 4;
      if (id == 0) {
        // ID 0 is padding; like libwebrtc, skip the single byte even if its length bits are set.
        pos++;
        continue;
      }
      if (id == ONE_BYTE_STOP_ID) {
        break;
      }
      int len = (head & 0x0f) + 1;
      if (pos + 1 + len > end) {
        throw new MalformedPacketException("rtp.ext.overflow", "one-byte element id " + id + " length " + len);
      }
      out = put(out, n++, id, pos + 1, len);
      pos += 1 + len;
    }
    return new HeaderExtensions(b, ONE_BYTE_PROFILE, n, out);
  }

  private static HeaderExtensions parseTwoByte(byte[] b, int profile, int offset, int length)
      throws MalformedPacketException {
    int[] out = new int[12];
    int n = 0;
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int id = b[pos] & 0xff;
      if (id == 0) {
        pos++;
        continue;
      }
      if (pos + 2 > end) {
        throw new MalformedPacketException("rtp.ext.overflow", "two-byte element id " + id + " without length");
      }
      int len = b[pos + 1] & 0xff;
      if (pos + 2 + len > end) {
        throw new MalformedPacketException("rtp.ext.overflow", "two-byte element id " + id + " length " + len);
      }
      out = put(out, n++, id, pos + 2, len);
      pos += 2 + len;
    }
    return new HeaderExtensions(b, profile, n, out);
  }

  private static int[] put(int[] out, int index, int id, int offset, int length) {
    int[] a = 3 * index + 3 > out.length ? Arrays.copyOf(out, out.length * 2) : out;
    a[3 * index] = id;
    a[3 * index + 1] = offset;
    a[3 * index + 2] = length;
    return a;
  }

  /** The 16-bit profile ("defined by profile") of the block, or -1 for {@link #none()}. */
  public int profile() {
    return profile;
  }

  public boolean isRfc8285() {
    return profile == ONE_BYTE_PROFILE || (profile & 0xfff0) == TWO_BYTE_PROFILE;
  }

  public boolean isTwoByte() {
    return (profile & 0xfff0) == TWO_BYTE_PROFILE;
  }

  public int count() {
    return count;
  }

  public int id(int index) {
    return elements[3 * checked(index)];
  }

  /** Offset of the element's data in {@link #buffer()}. */
  public int offset(int index) {
    return elements[3 * checked(index) + 1];
  }

  public int length(int index) {
    return elements[3 * checked(index) + 2];
  }

  /** The index of the first element with this id, or -1. */
  public int find(int id) {
    for (int i = 0; i < count; i++) {
      if (elements[3 * i] == id) {
        return i;
      }
    }
    return -1;
  }

  /** A copy of the element's data. */
  public byte[] data(int index) {
    int off = offset(index);
    return Arrays.copyOfRange(buffer, off, off + length(index));
  }

  public byte[] buffer() {
    return buffer;
  }

  private int checked(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException(index);
    }
    return index;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("HeaderExtensions[").append(isTwoByte() ? "two-byte" : "one-byte");
    for (int i = 0; i < count; i++) {
      s.append(' ').append(id(i)).append(':').append(length(i));
    }
    return s.append(']').toString();
  }
}
