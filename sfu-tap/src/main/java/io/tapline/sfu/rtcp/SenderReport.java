package io.tapline.sfu.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The sender info of an RTCP SR (RFC 3550 section 6.4.1); report blocks are not kept.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * </pre>
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
  public static final int LENGTH = 28;
  /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
  private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  public static SenderReport read(byte[] b, int offset, int length) throws MalformedPacketException {
    if (length < LENGTH) {
      throw new MalformedPacketException("rtcp.sr_truncated", length + " bytes");
    }
    long ntp = (RtcpCompound.u32(b, offset + 8) << 32) | RtcpCompound.u32(b, offset + 12);
    return new SenderReport(
        RtcpCompound.u32(b, offset + 4), ntp, RtcpCompound.u32(b, offset + 16),
        RtcpCompound.u32(b, offset + 20), RtcpCompound.u32(b, offset + 24));
  }

  /** Writes this report without report blocks; returns the bytes written. */
  public int write(byte[] b, int offset) {
    b[offset] = (byte) 0x80;
    b[offset + 1] = (byte) RtcpCompound.SR;
    RtcpCompound.put16(b, offset + 2, LENGTH / 4 - 1);
    RtcpCompound.put32(b, offset + 4, ssrc);
    RtcpCompound.put32(b, offset + 8, ntpTimestamp >>> 32);
    RtcpCompound.put32(b, offset + 12, ntpTimestamp);
    RtcpCompound.put32(b, offset + 16, rtpTimestamp);
    RtcpCompound.put32(b, offset + 20, packetCount);
    RtcpCompound.put32(b, offset + 24, octetCount);
    return LENGTH;
  }

  /** The NTP timestamp as microseconds since the Unix epoch. */
  public long ntpMicros() {
    long seconds = (ntpTimestamp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
    long fraction = ntpTimestamp & 0xffffffffL;
    return seconds * 1_000_000L + ((fraction * 1_000_000L) >>> 32);
  }

  /** Wall-clock microseconds as a 64-bit NTP timestamp. */
  public static long ntpFromMicros(long unixMicros) {
    long seconds = Math.floorDiv(unixMicros, 1_000_000L) + NTP_UNIX_OFFSET_SECONDS;
    long micros = Math.floorMod(unixMicros, 1_000_000L);
    return (seconds << 32) | ((micros << 32) / 1_000_000L);
  }
}
