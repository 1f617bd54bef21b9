package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full intra request, RFC 5104 section 4.3.1 (PSFB, FMT=4). The media SSRC of the feedback header
 * is unused (0); each FCI entry names the sender to refresh:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries) implements RtcpPacket {
  public static final int FMT = 4;

  /** One request: the SSRC to refresh and the command sequence number (8 bits). */
  public record Entry(long ssrc, int sequenceNumber) {
    public Entry {
      RtcpBytes.checkU32(ssrc, "ssrc");
      if (sequenceNumber < 0 || sequenceNumber > 255) {
        throw new IllegalArgumentException("FIR sequence number " + sequenceNumber);
      }
    }
  }

  public FullIntraRequest {
    RtcpBytes.checkU32(senderSsrc, "sender ssrc");
    RtcpBytes.checkU32(mediaSsrc, "media ssrc");
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a FIR needs at least one entry");
    }
  }

  static FullIntraRequest parse(byte[] b, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 16 || (bodyLength - 8) % 8 != 0) {
      throw new MalformedPacketException("rtcp.fir.length", bodyLength + " bytes, needs 8 + 8n (n >= 1)");
    }
    List<Entry> entries = new ArrayList<>();
    for (int pos = body + 8; pos < body + bodyLength; pos += 8) {
      entries.add(new Entry(RtcpBytes.u32(b, pos), b[pos + 4] & 0xff));
    }
    return new FullIntraRequest(RtcpBytes.u32(b, body), RtcpBytes.u32(b, body + 4), entries);
  }

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int length() {
    return 12 + 8 * entries.size();
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, FMT, PSFB, length);
    RtcpBytes.putU32(dst, offset + 4, senderSsrc);
    RtcpBytes.putU32(dst, offset + 8, mediaSsrc);
    int pos = offset + 12;
    for (Entry e : entries) {
      RtcpBytes.putU32(dst, pos, e.ssrc());
      RtcpBytes.putU32(dst, pos + 4, (long) e.sequenceNumber() << 24);
      pos += 8;
    }
    return length;
  }
}
