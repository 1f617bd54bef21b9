package io.tapline.pipeline.rtcp;

import static io.tapline.pipeline.rtcp.RtcpBytes.checkU32;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receiver report, RFC 3550 section 6.4.2: the SR without its sender info.
 *
 * <pre>
 * |V=2|P|    RC   |   PT=RR=201   |             length            | header
 * |                     SSRC of packet sender                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report block 1 ... RC (24 bytes each)         |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * </pre>
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reports, byte[] profileExtension) implements RtcpPacket {
  public ReceiverReport {
    checkU32(ssrc, "ssrc");
    reports = List.copyOf(reports);
    RtcpBytes.checkCount(reports.size(), "report blocks");
    profileExtension = profileExtension.clone();
    if (profileExtension.length % 4 != 0) {
      throw new IllegalArgumentException("profile extension must be whole 32-bit words");
    }
  }

  public ReceiverReport(long ssrc, List<ReportBlock> reports) {
    this(ssrc, reports, new byte[0]);
  }

  static ReceiverReport parse(byte[] b, int count, int body, int bodyLength) throws MalformedPacketException {
    int need = 4 + count * ReportBlock.LENGTH;
    if (bodyLength < need) {
      throw new MalformedPacketException("rtcp.rr.truncated", count + " report blocks in " + bodyLength + " bytes");
    }
    List<ReportBlock> reports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      reports.add(ReportBlock.read(b, body + 4 + i * ReportBlock.LENGTH));
    }
    byte[] extension = Arrays.copyOfRange(b, body + need, body + need + ((bodyLength - need) & ~3));
    return new ReceiverReport(RtcpBytes.u32(b, body), reports, extension);
  }

  @Override
  public byte[] profileExtension() {
    return profileExtension.clone();
  }

  @Override
  public int packetType() {
    return RR;
  }

  @Override
  public int length() {
    return 8 + reports.size() * ReportBlock.LENGTH + profileExtension.length;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, reports.size(), RR, length);
    RtcpBytes.putU32(dst, offset + 4, ssrc);
    int pos = offset + 8;
    for (ReportBlock r : reports) {
      r.write(dst, pos);
      pos += ReportBlock.LENGTH;
    }
    System.arraycopy(profileExtension, 0, dst, pos, profileExtension.length);
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceiverReport r && r.ssrc == ssrc && r.reports.equals(reports)
        && Arrays.equals(r.profileExtension, profileExtension);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ssrc) * 31 + reports.hashCode();
  }

  @Override
  public String toString() {
    return "RR[ssrc=" + ssrc + " reports=" + reports + "]";
  }
}
