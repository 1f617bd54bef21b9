package io.tapline.sfu.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * Walks a compound RTCP packet (RFC 3550 section 6.1). Each packet starts with
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|  RC/FMT |      PT       |             length            |
 * </pre>
 *
 * where length is the packet size in 32-bit words minus one. The whole compound is validated
 * before any packet is visited, so a visitor never sees half of a damaged datagram.
 */
public final class RtcpCompound {
  public static final int SR = 200;
  public static final int RR = 201;
  public static final int SDES = 202;
  public static final int BYE = 203;
  public static final int APP = 204;
  public static final int RTPFB = 205;
  public static final int PSFB = 206;

  private RtcpCompound() {}

  /** Called once per packet of a compound, with the packet's bounds in the caller's buffer. */
  @FunctionalInterface
  public interface Visitor {
    void packet(int packetType, int countOrFormat, byte[] buffer, int offset, int length);
  }

  /**
   * Validates and visits every packet.
   *
   * @return the number of packets
   * @throws MalformedPacketException {@code rtcp.truncated}, {@code rtcp.version}, {@code
   *     rtcp.length}, {@code rtcp.type}
   */
  public static int walk(byte[] b, int offset, int length, Visitor visitor) throws MalformedPacketException {
    int count = validate(b, offset, length);
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int size = 4 * (u16(b, pos + 2) + 1);
      visitor.packet(b[pos + 1] & 0xff, b[pos] & 0x1f, b, pos, size);
      pos += size;
    }
    return count;
  }

  static int validate(byte[] b, int offset, int length) throws MalformedPacketException {
    if (length < 4) {
      throw new MalformedPacketException("rtcp.truncated", length + " bytes");
    }
    int pos = offset;
    int end = offset + length;
    int count = 0;
    while (pos < end) {
      if (end - pos < 4) {
        throw new MalformedPacketException("rtcp.truncated", "partial header at " + (pos - offset));
      }
      if ((b[pos] & 0xc0) != 0x80) {
        throw new MalformedPacketException("rtcp.version", "version " + ((b[pos] & 0xff) >>> 6));
      }
      int pt = b[pos + 1] & 0xff;
      if (pt < 192 || pt > 223) {
        throw new MalformedPacketException("rtcp.type", "packet type " + pt);
      }
      int size = 4 * (u16(b, pos + 2) + 1);
      if (size > end - pos) {
        throw new MalformedPacketException("rtcp.length", size + " bytes announced, " + (end - pos) + " left");
      }
      pos += size;
      count++;
    }
    return count;
  }

  public static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  public static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  public static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  public static void put32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
