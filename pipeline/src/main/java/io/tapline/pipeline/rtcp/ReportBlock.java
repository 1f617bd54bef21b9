package io.tapline.pipeline.rtcp;

import static io.tapline.pipeline.rtcp.RtcpBytes.checkU32;

/**
 * One reception report block of an SR or RR (RFC 3550 section 6.4.1):
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The cumulative loss is a signed 24-bit value (duplicates can make it negative, section
 * 6.4.1); LSR and DLSR are compact NTP values (see {@code io.tapline.pipeline.clock.NtpTime}).
 */
public record ReportBlock(
    long ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSequence,
    long jitter,
    long lastSenderReport,
    long delaySinceLastSenderReport) {
  public static final int LENGTH = 24;

  public ReportBlock {
    checkU32(ssrc, "ssrc");
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost " + fractionLost);
    }
    if (cumulativeLost < -(1 << 23) || cumulativeLost >= (1 << 23)) {
      throw new IllegalArgumentException("cumulative lost " + cumulativeLost + " is not 24-bit signed");
    }
    checkU32(extendedHighestSequence, "extended highest sequence");
    checkU32(jitter, "jitter");
    checkU32(lastSenderReport, "LSR");
    checkU32(delaySinceLastSenderReport, "DLSR");
  }

  static ReportBlock read(byte[] b, int i) {
    int lost = RtcpBytes.u24(b, i + 5);
    return new ReportBlock(
        RtcpBytes.u32(b, i),
        b[i + 4] & 0xff,
        (lost << 8) >> 8,
        RtcpBytes.u32(b, i + 8),
        RtcpBytes.u32(b, i + 12),
        RtcpBytes.u32(b, i + 16),
        RtcpBytes.u32(b, i + 20));
  }

  void write(byte[] b, int i) {
    RtcpBytes.putU32(b, i, ssrc);
    b[i + 4] = (byte) fractionLost;
    RtcpBytes.putU24(b, i + 5, cumulativeLost & 0xffffff);
    RtcpBytes.putU32(b, i + 8, extendedHighestSequence);
    RtcpBytes.putU32(b, i + 12, jitter);
    RtcpBytes.putU32(b, i + 16, lastSenderReport);
    RtcpBytes.putU32(b, i + 20, delaySinceLastSenderReport);
  }
}
