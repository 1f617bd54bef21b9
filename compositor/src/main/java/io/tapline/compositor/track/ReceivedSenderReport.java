package io.tapline.compositor.track;

import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What timing needs of an RTCP sender report (parsed by the pipeline's {@link RtcpCompound}) as
 * the tap received it.
 *
 * @param ssrc sender SSRC
 * @param ntpMicros the report's NTP time as Unix epoch microseconds
 * @param rtpTimestamp the RTP timestamp of the same instant (32-bit as received, extended once
 *     placed among the track's packets)
 * @param arrivalMicros when the tap received it
 */
public record ReceivedSenderReport(long ssrc, long ntpMicros, long rtpTimestamp, long arrivalMicros) {

  /** Every sender report of a compound RTCP packet. */
  public static List<ReceivedSenderReport> fromCompound(byte[] data, long arrivalMicros)
      throws MalformedPacketException {
    List<ReceivedSenderReport> out = new ArrayList<>();
    for (RtcpPacket p : RtcpCompound.parse(data)) {
      if (p instanceof SenderReport sr) {
        out.add(new ReceivedSenderReport(sr.ssrc(), NtpTime.toUnixMicros(sr.ntpTimestamp()), sr.rtpTimestamp(),
            arrivalMicros));
      }
    }
    return out;
  }

  /** The same report with its RTP timestamp extended next to {@code reference}, an extended timestamp. */
  ReceivedSenderReport extendedNear(long reference) {
    // a report's timestamp is within 2^31 ticks of the packets sent around it
    return new ReceivedSenderReport(ssrc, ntpMicros, reference + (int) (rtpTimestamp - reference), arrivalMicros);
  }
}
