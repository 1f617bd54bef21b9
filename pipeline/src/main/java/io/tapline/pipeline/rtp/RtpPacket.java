package io.tapline.pipeline.rtp;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import java.util.Arrays;

/**
 * A parsed, read-only view of one RTP packet over a byte array, as laid out in RFC 3550 section
 * 5.1:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  (X=1, section 5.3.1)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload  ...   | padding | count   |  (P=1)
 * </pre>
 *
 * <p>The view does not copy: it keeps a reference to the caller's array, so a caller that reuses
 * its receive buffer must {@link #copy()} a packet it keeps. 32-bit unsigned fields are returned as
 * {@code long}.
 */
public final class RtpPacket {
  public static final int FIXED_HEADER_LENGTH = 12;
  public static final int VERSION = 2;

  private final byte[] buffer;
  private final int offset;
  private final int length;
  private final int extensionOffset; // offset of the extension profile word, or -1
  private final int payloadOffset;
  private final int payloadLength;
  private final int paddingLength;

  private RtpPacket(
      byte[] buffer,
      int offset,
      int length,
      int extensionOffset,
      int payloadOffset,
      int payloadLength,
      int paddingLength) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.extensionOffset = extensionOffset;
    this.payloadOffset = payloadOffset;
    this.payloadLength = payloadLength;
    this.paddingLength = paddingLength;
  }

  public static RtpPacket parse(byte[] buffer) throws MalformedPacketException {
    return parse(buffer, 0, buffer.length);
  }

  /**
   * Parses the packet in {@code buffer[offset, offset + length)}.
   *
   * @throws MalformedPacketException with reasons {@code rtp.truncated}, {@code rtp.version},
   *     {@code rtp.csrc_overflow}, {@code rtp.extension_overflow}, {@code rtp.padding}
   */
  public static RtpPacket parse(byte[] buffer, int offset, int length)
      throws MalformedPacketException {
    checkSlice(buffer, offset, length);
    if (length < FIXED_HEADER_LENGTH) {
      throw new MalformedPacketException("rtp.truncated", length + " bytes, header needs 12");
    }
    int b0 = buffer[offset] & 0xff;
    int version = b0 >>> 6;
    if (version != VERSION) {
      throw new MalformedPacketException("rtp.version", "version " + version);
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int csrcCount = b0 & 0x0f;
    int pos = FIXED_HEADER_LENGTH + 4 * csrcCount;
    if (pos > length) {
      throw new MalformedPacketException("rtp.csrc_overflow", csrcCount + " CSRCs in " + length + " bytes");
    }
    int extensionOffset = -1;
    if (extension) {
      if (pos + 4 > length) {
        throw new MalformedPacketException("rtp.extension_overflow", "no room for extension header");
      }
      extensionOffset = offset + pos;
      int words = ((buffer[offset + pos + 2] & 0xff) << 8) | (buffer[offset + pos + 3] & 0xff);
      pos += 4 + 4 * words;
      if (pos > length) {
        throw new MalformedPacketException("rtp.extension_overflow", words + " extension words in " + length + " bytes");
      }
    }
    int paddingLength = 0;
    if (padding) {
      paddingLength = buffer[offset + length - 1] & 0xff;
      if (paddingLength == 0 || pos + paddingLength > length) {
        throw new MalformedPacketException("rtp.padding", "padding count " + paddingLength);
      }
    }
    return new RtpPacket(
        buffer, offset, length, extensionOffset, offset + pos, length - pos - paddingLength, paddingLength);
  }

  // Kept out of parse so that parse stays under the JIT's inlining limit (FreqInlineSize, 325
  // bytecodes): inlined, a packet that does not escape its caller is never allocated.
  private static void checkSlice(byte[] buffer, int offset, int length) {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buffer.length);
    }
  }

  /** Whether the bytes look like RTP rather than RTCP when both share a port (RFC 5761 section 4). */
  public static boolean looksLikeRtp(byte[] buffer, int offset, int length) {
    if (length < FIXED_HEADER_LENGTH || (buffer[offset] & 0xc0) != 0x80) {
      return false;
    }
    int pt = buffer[offset + 1] & 0xff;
    return pt < 192 || pt > 223; // 192-223 (with marker bit) is the RTCP packet type range
  }

  public boolean padding() {
    return paddingLength > 0;
  }

  public boolean hasExtension() {
    return extensionOffset >= 0;
  }

  public int csrcCount() {
    return buffer[offset] & 0x0f;
  }

  public long csrc(int index) {
    if (index < 0 || index >= csrcCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return readU32(buffer, offset + FIXED_HEADER_LENGTH + 4 * index);
  }

  public boolean marker() {
    return (buffer[offset + 1] & 0x80) != 0;
  }

  public int payloadType() {
    return buffer[offset + 1] & 0x7f;
  }

  public int sequenceNumber() {
    return ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
  }

  public long timestamp() {
    return readU32(buffer, offset + 4);
  }

  public long ssrc() {
    return readU32(buffer, offset + 8);
  }

  /** The 16-bit "defined by profile" field (0xBEDE one-byte, 0x100x two-byte, RFC 8285), or -1. */
  public int extensionProfile() {
    if (extensionOffset < 0) {
      return -1;
    }
    return ((buffer[extensionOffset] & 0xff) << 8) | (buffer[extensionOffset + 1] & 0xff);
  }

  /** Offset in {@link #buffer()} of the extension data (after profile and length), or -1. */
  public int extensionDataOffset() {
    return extensionOffset < 0 ? -1 : extensionOffset + 4;
  }

  /** Length in bytes of the extension data (4 x the length field), 0 when there is none. */
  public int extensionDataLength() {
    if (extensionOffset < 0) {
      return 0;
    }
    return 4 * (((buffer[extensionOffset + 2] & 0xff) << 8) | (buffer[extensionOffset + 3] & 0xff));
  }

  /**
   * The RFC 8285 elements of the header extension (without copying), or {@link
   * HeaderExtensions#none()} when the packet has no extension.
   *
   * @throws MalformedPacketException {@code rtp.ext.overflow} when an element runs past the block
   */
  public HeaderExtensions headerExtensions() throws MalformedPacketException {
    if (extensionOffset < 0) {
      return HeaderExtensions.none();
    }
    return HeaderExtensions.parse(buffer, extensionProfile(), extensionDataOffset(), extensionDataLength());
  }

  /** The backing array; the packet is {@code buffer()[offset(), offset() + length())}. */
  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public int headerLength() {
    return payloadOffset - offset;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }

  public int paddingLength() {
    return paddingLength;
  }

  /** A copy of the payload (without padding). */
  public byte[] payload() {
    return Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
  }

  /** A copy of the whole packet as received. */
  public byte[] toBytes() {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  /** The same packet over its own array, safe to keep after the caller's buffer is reused. */
  public RtpPacket copy() {
    byte[] own = toBytes();
    int shift = -offset;
    return new RtpPacket(
        own,
        0,
        length,
        extensionOffset < 0 ? -1 : extensionOffset + shift,
        payloadOffset + shift,
        payloadLength,
        paddingLength);
  }

  static long readU32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  @Override
  public String toString() {
    return "RTP[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp()
        + " ssrc=" + Long.toUnsignedString(ssrc()) + (marker() ? " M" : "") + " payload=" + payloadLength + "]";
  }
}
