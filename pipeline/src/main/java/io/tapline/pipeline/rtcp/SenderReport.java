package io.tapline.pipeline.rtcp;

import static io.tapline.pipeline.rtcp.RtcpBytes.checkU32;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sender report, RFC 3550 section 6.4.1:
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            | header
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             | sender
 * |             NTP timestamp, least significant word             | info
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report block 1 ... RC (24 bytes each)         |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * </pre>
 *
 * <p>The NTP timestamp is the full 64-bit value (see {@code io.tapline.pipeline.clock.NtpTime});
 * it is the wall-clock instant that corresponds to the RTP timestamp.
 */
public record SenderReport(
    long ssrc,
    long ntpTimestamp,
    long rtpTimestamp,
    long packetCount,
    long octetCount,
    List<ReportBlock> reports,
    byte[] profileExtension)
    implements RtcpPacket {
  public SenderReport {
    checkU32(ssrc, "ssrc");
    checkU32(rtpTimestamp, "RTP timestamp");
    checkU32(packetCount, "packet count");
    checkU32(octetCount, "octet count");
    reports = List.copyOf(reports);
    RtcpBytes.checkCount(reports.size(), "report blocks");
    profileExtension = profileExtension.clone();
    if (profileExtension.length % 4 != 0) {
      throw new IllegalArgumentException("profile extension must be whole 32-bit words");
    }
  }

  public SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
      List<ReportBlock> reports) {
    this(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reports, new byte[0]);
  }

  static SenderReport parse(byte[] b, int count, int body, int bodyLength) throws MalformedPacketException {
    int need = 24 + count * ReportBlock.LENGTH;
    if (bodyLength < need) {
      throw new MalformedPacketException("rtcp.sr.truncated", count + " report blocks in " + bodyLength + " bytes");
    }
    List<ReportBlock> reports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      reports.add(ReportBlock.read(b, body + 24 + i * ReportBlock.LENGTH));
    }
    return new SenderReport(
        RtcpBytes.u32(b, body),
        (RtcpBytes.u32(b, body + 4) << 32) | RtcpBytes.u32(b, body + 8),
        RtcpBytes.u32(b, body + 12),
        RtcpBytes.u32(b, body + 16),
        RtcpBytes.u32(b, body + 20),
        reports,
        Arrays.copyOfRange(b, body + need, body + need + ((bodyLength - need) & ~3)));
  }

  @Override
  public byte[] profileExtension() {
    return profileExtension.clone();
  }

  @Override
  public int packetType() {
    return SR;
  }

  @Override
  public int length() {
    return 28 + reports.size() * ReportBlock.LENGTH + profileExtension.length;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, reports.size(), SR, length);
    RtcpBytes.putU32(dst, offset + 4, ssrc);
    RtcpBytes.putU32(dst, offset + 8, ntpTimestamp >>> 32);
    RtcpBytes.putU32(dst, offset + 12, ntpTimestamp & 0xffffffffL);
    RtcpBytes.putU32(dst, offset + 16, rtpTimestamp);
    RtcpBytes.putU32(dst, offset + 20, packetCount);
    RtcpBytes.putU32(dst, offset + 24, octetCount);
    int pos = offset + 28;
    for (ReportBlock r : reports) {
      r.write(dst, pos);
      pos += ReportBlock.LENGTH;
    }
    System.arraycopy(profileExtension, 0, dst, pos, profileExtension.length);
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SenderReport s && s.ssrc == ssrc && s.ntpTimestamp == ntpTimestamp
        && s.rtpTimestamp == rtpTimestamp && s.packetCount == packetCount && s.octetCount == octetCount
        && s.reports.equals(reports) && Arrays.equals(s.profileExtension, profileExtension);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ssrc) * 31 + Long.hashCode(ntpTimestamp) * 17 + Long.hashCode(rtpTimestamp);
  }

  @Override
  public String toString() {
    return "SR[ssrc=" + ssrc + " ntp=0x" + Long.toHexString(ntpTimestamp) + " rtp=" + rtpTimestamp
        + " packets=" + packetCount + " octets=" + octetCount + " reports=" + reports + "]";
  }
}
