package io.tapline.pipeline.rtcp;

/**
 * Tells apart what arrives on one multiplexed port: STUN, DTLS, RTP and RTCP, by the first byte
 * (RFC 7983 section 7) and, for RTP versus RTCP, the second byte (RFC 5761 section 4: RTCP packet
 * types 192-223 collide with no RTP payload type in use, since those would be 64-95 with the marker
 * bit).
 */
public final class PacketDemux {
  /** What a datagram holds. */
  public enum Kind {
    STUN,
    DTLS,
    RTP,
    RTCP,
    UNKNOWN
  }

  private PacketDemux() {}

  public static Kind classify(byte[] b, int offset, int length) {
    if (length < 1) {
      return Kind.UNKNOWN;
    }
    int first = b[offset] & 0xff;
    if (first <= 3) {
      return Kind.STUN;
    }
    if (first >= 20 && first <= 63) {
      return Kind.DTLS;
    }
    if (first >= 128 && first <= 191) {
      if (length < 4) {
        return Kind.UNKNOWN;
      }
      int pt = b[offset + 1] & 0xff;
      if (pt >= 192 && pt <= 223) {
        return length >= 8 ? Kind.RTCP : Kind.UNKNOWN;
      }
      return length >= 12 ? Kind.RTP : Kind.UNKNOWN;
    }
    return Kind.UNKNOWN;
  }
}
