package io.tapline.pipeline.rtp;

import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.SdesChunk;
import io.tapline.pipeline.rtcp.SdesItem;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtcp.SourceDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sending side of one RTP stream (RFC 3550): numbers packets (section 5.1, a random initial
 * sequence number and timestamp offset, as section 5.1 asks), counts what it sent, and builds the
 * compound RTCP a sender emits: a sender report (section 6.4.1) and an SDES with a CNAME (section
 * 6.5; section 6.1 wants one in every compound packet).
 *
 * <p>Media time is given in ticks of the stream's clock from the start of the stream; the sender
 * report maps a wall-clock instant to the RTP timestamp of that same instant. Not thread-safe.
 */
public final class RtpSenderStream {
  private final long ssrc;
  private final int payloadType;
  private final int clockRate;
  private final String cname;
  private final long timestampOffset;
  private final RtpPacketWriter writer = new RtpPacketWriter();
  private int sequence;
  private long packets;
  private long octets;

  /**
   * @param random picks the initial sequence number and timestamp offset (a seeded one makes
   *     streams reproducible)
   */
  public RtpSenderStream(long ssrc, int payloadType, int clockRate, String cname, Random random) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
    }
    this.ssrc = ssrc;
    this.payloadType = payloadType;
    this.clockRate = clockRate;
    this.cname = cname;
    this.sequence = random.nextInt(0x10000);
    this.timestampOffset = random.nextInt() & 0xffff_ffffL;
    writer.payloadType(payloadType).ssrc(ssrc);
  }

  public long ssrc() {
    return ssrc;
  }

  public int payloadType() {
    return payloadType;
  }

  public int clockRate() {
    return clockRate;
  }

  /** The RTP timestamp of media time {@code ticks} (wraps at 2^32). */
  public long timestamp(long ticks) {
    return (timestampOffset + ticks) & 0xffff_ffffL;
  }

  /**
   * The RTP packets of one frame: all with the frame's timestamp, consecutive sequence numbers, and
   * the marker on the last one when {@code markLast} (video: the end of a picture).
   */
  public List<byte[]> packets(long ticks, List<byte[]> payloads, boolean markLast) {
    List<byte[]> out = new ArrayList<>(payloads.size());
    long ts = timestamp(ticks);
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      writer.sequenceNumber(sequence).timestamp(ts).marker(markLast && i == payloads.size() - 1).payload(payload);
      out.add(writer.toBytes());
      sequence = (sequence + 1) & 0xffff;
      packets++;
      octets += payload.length;
    }
    return out;
  }

  /**
   * A compound sender report for the wall-clock instant {@code wallMicros} (epoch microseconds),
   * which is media time {@code ticks} of this stream.
   */
  public byte[] senderReport(long wallMicros, long ticks) {
    SenderReport sr = new SenderReport(ssrc, NtpTime.fromUnixMicros(wallMicros), timestamp(ticks),
        packets & 0xffff_ffffL, octets & 0xffff_ffffL, List.of());
    SourceDescription sdes = new SourceDescription(
        List.of(new SdesChunk(ssrc, List.of(SdesItem.text(SdesItem.CNAME, cname)))));
    return RtcpCompound.toBytes(List.of(sr, sdes));
  }

  /** RTP packets sent so far. */
  public long packetCount() {
    return packets;
  }

  /** Payload octets sent so far (RFC 3550 section 6.4.1: headers and padding not counted). */
  public long octetCount() {
    return octets;
  }
}
