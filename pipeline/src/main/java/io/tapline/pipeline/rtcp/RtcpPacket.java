package io.tapline.pipeline.rtcp;

/**
 * One packet of an RTCP compound (RFC 3550 section 6). Every RTCP packet starts with this common
 * header (section 6.4.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>"count" is the report count, source count or, in feedback packets (RFC 4585), the FMT;
 * "length" is the packet length in 32-bit words minus one, header included.
 */
public sealed interface RtcpPacket
    permits SenderReport,
        ReceiverReport,
        SourceDescription,
        Bye,
        AppPacket,
        GenericNack,
        TransportCcFeedback,
        PictureLossIndication,
        FullIntraRequest,
        Remb,
        OpaqueRtcpPacket {
  int SR = 200;
  int RR = 201;
  int SDES = 202;
  int BYE = 203;
  int APP = 204;
  /** Transport-layer feedback, RFC 4585 section 6.2. */
  int RTPFB = 205;
  /** Payload-specific feedback, RFC 4585 section 6.3. */
  int PSFB = 206;

  /** The packet type (PT) field. */
  int packetType();

  /** The serialized length in bytes, header included; always a multiple of 4. */
  int length();

  /**
   * Writes the packet at {@code dst[offset]}.
   *
   * @return {@link #length()}
   */
  int writeTo(byte[] dst, int offset);
}
