package io.tapline.compositor.track;

import java.util.ArrayList;
import java.util.List;

/**
 * An RTCP sender report (RFC 3550 section 6.4.1), reduced to what timing needs.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * </pre>
 *
 * Minimal private parser until {@code pipeline.rtcp} lands.
 *
 * @param ssrc sender SSRC
 * @param ntpMicros the NTP time as Unix epoch microseconds
 * @param rtpTimestamp the 32-bit RTP timestamp of the same instant
 * @param arrivalMicros when the tap received it
 */
public record SenderReport(long ssrc, long ntpMicros, long rtpTimestamp, long arrivalMicros) {
  private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  /** Every sender report of a compound RTCP packet; malformed parts end the walk. */
  public static List<SenderReport> parseCompound(byte[] data, long arrivalMicros) {
    List<SenderReport> out = new ArrayList<>();
    int off = 0;
    while (off + 4 <= data.length) {
      int version = (data[off] & 0xff) >> 6;
      int pt = data[off + 1] & 0xff;
      int words = ((data[off + 2] & 0xff) << 8) | (data[off + 3] & 0xff);
      int len = (words + 1) * 4;
      if (version != 2 || off + len > data.length) {
        break;
      }
      if (pt == 200 && len >= 24) {
        long ssrc = u32(data, off + 4);
        long msw = u32(data, off + 8);
        long lsw = u32(data, off + 12);
        long rtp = u32(data, off + 16);
        out.add(new SenderReport(ssrc, ntpToUnixMicros(msw, lsw), rtp, arrivalMicros));
      }
      off += len;
    }
    return out;
  }

  public static long ntpToUnixMicros(long msw, long lsw) {
    return (msw - NTP_UNIX_OFFSET_SECONDS) * 1_000_000L + ((lsw * 1_000_000L) >>> 32);
  }

  private static long u32(byte[] b, int o) {
    return ((b[o] & 0xffL) << 24) | ((b[o + 1] & 0xffL) << 16) | ((b[o + 2] & 0xffL) << 8) | (b[o + 3] & 0xffL);
  }
}
