package io.tapline.pipeline.rtcp;

import java.util.Arrays;

/**
 * An RTCP packet this package does not decode (an unknown type, or a feedback FMT it does not
 * know): kept whole so it can be relayed or written back. The body is what followed the common
 * header, padding removed. A body that is not whole words (its padding was stripped) is written
 * back with the P bit and RTCP padding (section 6.4.1: zeros, the last byte counting them), so it
 * parses back to the same body.
 */
public record OpaqueRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {
  public OpaqueRtcpPacket {
    if (packetType < 0 || packetType > 255 || count < 0 || count > 31) {
      throw new IllegalArgumentException("type " + packetType + " count " + count);
    }
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public int length() {
    return 4 + ((body.length + 3) & ~3);
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, count, packetType, length);
    System.arraycopy(body, 0, dst, offset + 4, body.length);
    int padding = length - 4 - body.length;
    Arrays.fill(dst, offset + 4 + body.length, offset + length, (byte) 0);
    if (padding > 0) {
      dst[offset] |= 0x20;
      dst[offset + length - 1] = (byte) padding;
    }
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueRtcpPacket p && p.packetType == packetType && p.count == count
        && Arrays.equals(p.body, body);
  }

  @Override
  public int hashCode() {
    return (packetType * 31 + count) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "RTCP[type=" + packetType + " count=" + count + " body=" + body.length + "]";
  }
}
