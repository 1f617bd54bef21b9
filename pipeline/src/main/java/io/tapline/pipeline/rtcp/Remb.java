package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate, draft-alvestrand-rmcat-remb-03 section 2.2: an
 * application-layer feedback message (PSFB, FMT=15) whose FCI starts with "REMB".
 *
 * <pre>
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (unused, 0)             |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * |   SSRC feedback                                               |
 * |  ...                                                          |
 * </pre>
 *
 * <p>The bitrate is mantissa * 2^exp bits per second (18-bit mantissa, 6-bit exponent); writing
 * rounds it down to what 18 bits of mantissa can say.
 */
public record Remb(long senderSsrc, long mediaSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {
  public static final int FMT = 15;
  static final int IDENTIFIER = 0x52454d42; // "REMB"

  public Remb {
    RtcpBytes.checkU32(senderSsrc, "sender ssrc");
    RtcpBytes.checkU32(mediaSsrc, "media ssrc");
    if (bitrate < 0) {
      throw new IllegalArgumentException("bitrate " + bitrate);
    }
    ssrcs = List.copyOf(ssrcs);
    ssrcs.forEach(s -> RtcpBytes.checkU32(s, "ssrc"));
    if (ssrcs.size() > 255) {
      throw new IllegalArgumentException(ssrcs.size() + " SSRCs, at most 255");
    }
  }

  /** Whether a PSFB FMT=15 body is a REMB (its FCI starts with "REMB"). */
  static boolean matches(byte[] b, int body, int bodyLength) {
    return bodyLength >= 12 && (int) RtcpBytes.u32(b, body + 8) == IDENTIFIER;
  }

  static Remb parse(byte[] b, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 16) {
      throw new MalformedPacketException("rtcp.remb.truncated", bodyLength + " bytes, needs 16");
    }
    int n = b[body + 12] & 0xff;
    if (bodyLength < 16 + 4 * n) {
      throw new MalformedPacketException("rtcp.remb.truncated", n + " SSRCs in " + bodyLength + " bytes");
    }
    int exp = (b[body + 13] & 0xff) >>> 2;
    long mantissa = RtcpBytes.u24(b, body + 13) & 0x3ffff;
    if (mantissa != 0 && 64 - Long.numberOfLeadingZeros(mantissa) + exp > 63) {
      throw new MalformedPacketException("rtcp.remb.bitrate", mantissa + " * 2^" + exp + " overflows");
    }
    List<Long> ssrcs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ssrcs.add(RtcpBytes.u32(b, body + 16 + 4 * i));
    }
    return new Remb(RtcpBytes.u32(b, body), RtcpBytes.u32(b, body + 4), mantissa << exp, ssrcs);
  }

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int length() {
    return 20 + 4 * ssrcs.size();
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, FMT, PSFB, length);
    RtcpBytes.putU32(dst, offset + 4, senderSsrc);
    RtcpBytes.putU32(dst, offset + 8, mediaSsrc);
    RtcpBytes.putU32(dst, offset + 12, IDENTIFIER & 0xffffffffL);
    int exp = Math.max(0, 64 - Long.numberOfLeadingZeros(bitrate) - 18);
    long mantissa = bitrate >>> exp;
    dst[offset + 16] = (byte) ssrcs.size();
    RtcpBytes.putU24(dst, offset + 17, (exp << 18) | (int) mantissa);
    int pos = offset + 20;
    for (long s : ssrcs) {
      RtcpBytes.putU32(dst, pos, s);
      pos += 4;
    }
    return length;
  }
}
