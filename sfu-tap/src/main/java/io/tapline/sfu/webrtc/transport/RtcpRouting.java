package io.tapline.sfu.webrtc.transport;

/**
 * Splits a decrypted RTCP compound into its packets and says, for each, which SSRC owns it
 * (RFC 3550 section 6.4.1 for SR; RFC 4585 section 6.1 for the media source of RTPFB/PSFB
 * feedback; RFC 5104 section 4.3.1.1 for FIR, whose media source field is unused and whose FCI
 * names the SSRC). A BUNDLEd connection sends one compound about many streams; each piece goes to
 * the track it is about.
 */
final class RtcpRouting {
  static final int SR = 200;
  static final int RR = 201;
  static final int RTPFB = 205;
  static final int PSFB = 206;
  private static final int FMT_FIR = 4;

  /** What one packet of a compound is about. */
  enum Target {
    /** A sender report from the peer about a stream it sends us. */
    INBOUND,
    /** Feedback from the peer about a stream we send it. */
    FEEDBACK,
    /** Everything else (RR, SDES, BYE, APP, REMB, transport-cc): the SFU terminates it. */
    NONE
  }

  private RtcpRouting() {}

  /** The length in bytes of the packet at {@code off}, or -1 when it is not a valid RTCP header within {@code end}. */
  static int packetLength(byte[] b, int off, int end) {
    if (end - off < 4 || (b[off] & 0xc0) != 0x80) {
      return -1;
    }
    int pt = b[off + 1] & 0xff;
    if (pt < 192 || pt > 223) {
      return -1;
    }
    int len = (((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff)) * 4 + 4;
    return off + len <= end ? len : -1;
  }

  static Target target(byte[] b, int off, int len) {
    int pt = b[off + 1] & 0xff;
    if (pt == SR && len >= 8) {
      return Target.INBOUND;
    }
    if ((pt == RTPFB || pt == PSFB) && len >= 12) {
      if (pt == PSFB && (b[off] & 0x1f) == 15) {
        return Target.NONE; // REMB (application layer feedback): no use without congestion control
      }
      if (pt == RTPFB && (b[off] & 0x1f) == 15) {
        return Target.NONE; // transport-cc
      }
      return Target.FEEDBACK;
    }
    return Target.NONE;
  }

  /** The SSRC a packet of {@link #target} INBOUND or FEEDBACK is about; -1 when a FIR has no entry. */
  static long ssrc(byte[] b, int off, int len) {
    int pt = b[off + 1] & 0xff;
    if (pt == SR) {
      return u32(b, off + 4);
    }
    if (pt == PSFB && (b[off] & 0x1f) == FMT_FIR) {
      return len >= 16 ? u32(b, off + 12) : -1;
    }
    return u32(b, off + 8);
  }

  private static long u32(byte[] b, int i) {
    return ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }
}
