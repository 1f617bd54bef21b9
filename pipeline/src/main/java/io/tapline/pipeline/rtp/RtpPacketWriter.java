package io.tapline.pipeline.rtp;

import io.tapline.pipeline.rtp.ext.HeaderExtension;
import io.tapline.pipeline.rtp.ext.HeaderExtensionWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and serializes RTP packets in the RFC 3550 section 5.1 layout (see {@link RtpPacket}),
 * with CSRCs, marker, padding (section 5.1, P bit: the last byte counts the padding bytes) and RFC
 * 8285 header extensions, whose one-byte or two-byte form {@link HeaderExtensionWriter} picks.
 *
 * <p>Mutable and reusable: set the fields, then {@link #write(byte[], int)} into a caller's buffer
 * or {@link #toBytes()}. Not thread-safe.
 */
public final class RtpPacketWriter {
  private boolean marker;
  private int payloadType;
  private int sequenceNumber;
  private long timestamp;
  private long ssrc;
  private final List<Long> csrcs = new ArrayList<>();
  private final List<HeaderExtension> extensions = new ArrayList<>();
  private byte[] payload = new byte[0];
  private int payloadOffset;
  private int payloadLength;
  private int paddingLength;

  public RtpPacketWriter marker(boolean marker) {
    this.marker = marker;
    return this;
  }

  public RtpPacketWriter payloadType(int payloadType) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type " + payloadType);
    }
    this.payloadType = payloadType;
    return this;
  }

  public RtpPacketWriter sequenceNumber(int sequenceNumber) {
    if (sequenceNumber < 0 || sequenceNumber > 0xffff) {
      throw new IllegalArgumentException("sequence number " + sequenceNumber);
    }
    this.sequenceNumber = sequenceNumber;
    return this;
  }

  public RtpPacketWriter timestamp(long timestamp) {
    this.timestamp = checkU32(timestamp, "timestamp");
    return this;
  }

  public RtpPacketWriter ssrc(long ssrc) {
    this.ssrc = checkU32(ssrc, "ssrc");
    return this;
  }

  public RtpPacketWriter addCsrc(long csrc) {
    if (csrcs.size() == 15) {
      throw new IllegalArgumentException("at most 15 CSRCs");
    }
    csrcs.add(checkU32(csrc, "csrc"));
    return this;
  }

  public RtpPacketWriter addExtension(HeaderExtension extension) {
    extensions.add(extension);
    return this;
  }

  public RtpPacketWriter clearExtensions() {
    extensions.clear();
    return this;
  }

  /** The payload; the writer keeps a reference until the next write, it does not copy. */
  public RtpPacketWriter payload(byte[] payload) {
    return payload(payload, 0, payload.length);
  }

  public RtpPacketWriter payload(byte[] buffer, int offset, int length) {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buffer.length);
    }
    this.payload = buffer;
    this.payloadOffset = offset;
    this.payloadLength = length;
    return this;
  }

  /** Padding bytes to append, 0 (none) or 1-255 (the count itself is the last padding byte). */
  public RtpPacketWriter padding(int paddingLength) {
    if (paddingLength < 0 || paddingLength > 255) {
      throw new IllegalArgumentException("padding " + paddingLength);
    }
    this.paddingLength = paddingLength;
    return this;
  }

  /** The length in bytes of the packet {@link #write} produces. */
  public int length() {
    int n = RtpPacket.FIXED_HEADER_LENGTH + 4 * csrcs.size() + payloadLength + paddingLength;
    if (!extensions.isEmpty()) {
      n += HeaderExtensionWriter.blockLength(extensions);
    }
    return n;
  }

  /**
   * Writes the packet at {@code dst[offset]}.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when it does not fit
   */
  public int write(byte[] dst, int offset) {
    int length = length();
    if (offset < 0 || offset > dst.length - length) {
      throw new IllegalArgumentException(
          "packet of " + length + " bytes does not fit at " + offset + " in " + dst.length);
    }
    boolean hasExtension = !extensions.isEmpty();
    dst[offset] = (byte) (0x80 | (paddingLength > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.size());
    dst[offset + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    dst[offset + 2] = (byte) (sequenceNumber >>> 8);
    dst[offset + 3] = (byte) sequenceNumber;
    writeU32(dst, offset + 4, timestamp);
    writeU32(dst, offset + 8, ssrc);
    int pos = offset + RtpPacket.FIXED_HEADER_LENGTH;
    for (long csrc : csrcs) {
      writeU32(dst, pos, csrc);
      pos += 4;
    }
    if (hasExtension) {
      pos += HeaderExtensionWriter.write(extensions, dst, pos);
    }
    System.arraycopy(payload, payloadOffset, dst, pos, payloadLength);
    pos += payloadLength;
    if (paddingLength > 0) {
      for (int i = 0; i < paddingLength - 1; i++) {
        dst[pos++] = 0;
      }
      dst[pos++] = (byte) paddingLength;
    }
    return length;
  }

  public byte[] toBytes() {
    byte[] out = new byte[length()];
    write(out, 0);
    return out;
  }

  static void writeU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  private static long checkU32(long v, String what) {
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException(what + " " + v + " is not a 32-bit unsigned value");
    }
    return v;
  }
}
