package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * Picture loss indication, RFC 4585 section 6.3.1 (PSFB, FMT=1): the feedback header only, no FCI.
 *
 * <pre>
 * |V=2|P|  FMT=1  |   PT=206      |          length=2             |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * </pre>
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
  public static final int FMT = 1;

  public PictureLossIndication {
    RtcpBytes.checkU32(senderSsrc, "sender ssrc");
    RtcpBytes.checkU32(mediaSsrc, "media ssrc");
  }

  static PictureLossIndication parse(byte[] b, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 8) {
      throw new MalformedPacketException("rtcp.pli.truncated", bodyLength + " bytes, needs 8");
    }
    return new PictureLossIndication(RtcpBytes.u32(b, body), RtcpBytes.u32(b, body + 4));
  }

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int length() {
    return 12;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    RtcpBytes.putHeader(dst, offset, FMT, PSFB, 12);
    RtcpBytes.putU32(dst, offset + 4, senderSsrc);
    RtcpBytes.putU32(dst, offset + 8, mediaSsrc);
    return 12;
  }
}
