package io.tapline.sfu.forward;

/**
 * Writes an RTX packet (RFC 4588 section 4) around an RTP packet already restated as it was sent:
 * same header (marker, timestamp, CSRCs, header extensions) with the RTX payload type, the RTX
 * SSRC and the RTX stream's own sequence number, then the original sequence number (OSN) and the
 * original payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The original's padding is not carried (the P bit is cleared): it is not part of the payload.
 */
final class RtxPackets {
  /** RTX adds the 2-byte OSN. */
  static final int OVERHEAD = 2;

  private RtxPackets() {}

  /**
   * Writes into {@code out} (at least {@code length + 2} bytes) the RTX packet of the RTP packet
   * {@code in[0, length)} whose payload starts at {@code payloadAt}; returns its length.
   */
  static int wrap(byte[] in, int length, int payloadAt, byte[] out, int rtxPt, int rtxSeq, long rtxSsrc) {
    int end = length;
    if ((in[0] & 0x20) != 0 && length > payloadAt) {
      end = Math.max(payloadAt, length - (in[length - 1] & 0xff)); // RFC 3550 section 5.1: last octet counts the padding
    }
    System.arraycopy(in, 0, out, 0, payloadAt);
    out[0] = (byte) (in[0] & ~0x20);
    out[1] = (byte) ((in[1] & 0x80) | (rtxPt & 0x7f));
    out[2] = (byte) (rtxSeq >>> 8);
    out[3] = (byte) rtxSeq;
    out[8] = (byte) (rtxSsrc >>> 24);
    out[9] = (byte) (rtxSsrc >>> 16);
    out[10] = (byte) (rtxSsrc >>> 8);
    out[11] = (byte) rtxSsrc;
    out[payloadAt] = in[2]; // OSN: the sequence number the subscriber knows the packet by
    out[payloadAt + 1] = in[3];
    System.arraycopy(in, payloadAt, out, payloadAt + OVERHEAD, end - payloadAt);
    return end + OVERHEAD;
  }
}
