package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an RTCP compound datagram (RFC 3550 section 6.1) into typed packets and writes lists of
 * packets back. Each packet's common header (see {@link RtcpPacket}) gives its length; with P set
 * its last byte counts padding to strip (section 6.4.1). Types and feedback formats this package
 * does not decode become {@link OpaqueRtcpPacket}s. Reduced-size RTCP (RFC 5506) is accepted: the
 * compound need not start with an SR or RR.
 */
public final class RtcpCompound {
  private RtcpCompound() {}

  public static List<RtcpPacket> parse(byte[] buffer) throws MalformedPacketException {
    return parse(buffer, 0, buffer.length);
  }

  /**
   * @throws MalformedPacketException {@code rtcp.truncated} (less than a header left, or an empty
   *     datagram), {@code rtcp.version}, {@code rtcp.length} (a length field past the datagram),
   *     {@code rtcp.padding}, or a packet-specific reason such as {@code rtcp.sdes.truncated}
   */
  public static List<RtcpPacket> parse(byte[] buffer, int offset, int length) throws MalformedPacketException {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException("bad slice " + offset + "+" + length + " of " + buffer.length);
    }
    if (length == 0) {
      throw new MalformedPacketException("rtcp.truncated", "empty datagram");
    }
    List<RtcpPacket> out = new ArrayList<>(4);
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (end - pos < 4) {
        throw new MalformedPacketException("rtcp.truncated", (end - pos) + " bytes left, a header needs 4");
      }
      int b0 = buffer[pos] & 0xff;
      if (b0 >>> 6 != 2) {
        throw new MalformedPacketException("rtcp.version", "version " + (b0 >>> 6));
      }
      int count = b0 & 0x1f;
      int type = buffer[pos + 1] & 0xff;
      int packetLength = 4 * (RtcpBytes.u16(buffer, pos + 2) + 1);
      if (packetLength > end - pos) {
        throw new MalformedPacketException("rtcp.length",
            "type " + type + " claims " + packetLength + " bytes, " + (end - pos) + " left");
      }
      int bodyLength = packetLength - 4;
      if ((b0 & 0x20) != 0) {
        int padding = buffer[pos + packetLength - 1] & 0xff;
        if (padding == 0 || padding > bodyLength) {
          throw new MalformedPacketException(
              "rtcp.padding", "padding count " + padding + " in " + packetLength + " bytes");
        }
        bodyLength -= padding;
      }
      out.add(decode(buffer, type, count, pos + 4, bodyLength));
      pos += packetLength;
    }
    return out;
  }

  private static RtcpPacket decode(byte[] b, int type, int count, int body, int bodyLength)
      throws MalformedPacketException {
    switch (type) {
      case RtcpPacket.SR:
        return SenderReport.parse(b, count, body, bodyLength);
      case RtcpPacket.RR:
        return ReceiverReport.parse(b, count, body, bodyLength);
      case RtcpPacket.SDES:
        return SourceDescription.parse(b, count, body, bodyLength);
      case RtcpPacket.BYE:
        return Bye.parse(b, count, body, bodyLength);
      case RtcpPacket.APP:
        return AppPacket.parse(b, count, body, bodyLength);
      case RtcpPacket.RTPFB:
        if (count == GenericNack.FMT) {
          return GenericNack.parse(b, body, bodyLength);
        }
        if (count == TransportCcFeedback.FMT) {
          return TransportCcFeedback.parse(b, body, bodyLength);
        }
        break;
      case RtcpPacket.PSFB:
        if (count == PictureLossIndication.FMT) {
          return PictureLossIndication.parse(b, body, bodyLength);
        }
        if (count == FullIntraRequest.FMT) {
          return FullIntraRequest.parse(b, body, bodyLength);
        }
        if (count == Remb.FMT && Remb.matches(b, body, bodyLength)) {
          return Remb.parse(b, body, bodyLength);
        }
        break;
      default:
        break;
    }
    return new OpaqueRtcpPacket(type, count, Arrays.copyOfRange(b, body, body + bodyLength));
  }

  public static int length(List<? extends RtcpPacket> packets) {
    int n = 0;
    for (RtcpPacket p : packets) {
      n += p.length();
    }
    return n;
  }

  /** Writes the packets back to back at {@code dst[offset]}; returns the bytes written. */
  public static int write(List<? extends RtcpPacket> packets, byte[] dst, int offset) {
    int total = length(packets);
    if (offset < 0 || offset > dst.length - total) {
      throw new IllegalArgumentException("compound of " + total + " bytes does not fit at " + offset);
    }
    int pos = offset;
    for (RtcpPacket p : packets) {
      pos += p.writeTo(dst, pos);
    }
    return total;
  }

  public static byte[] toBytes(List<? extends RtcpPacket> packets) {
    byte[] out = new byte[length(packets)];
    write(packets, out, 0);
    return out;
  }
}
