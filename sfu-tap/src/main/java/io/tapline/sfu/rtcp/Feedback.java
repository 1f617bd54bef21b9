package io.tapline.sfu.rtcp;

/**
 * RTCP feedback messages the forwarding core reads and writes (RFC 4585 section 6, RFC 5104
 * section 4.3.1). Common header:
 *
 * <pre>
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 */
public final class Feedback {
  public static final int FMT_NACK = 1; // RTPFB
  public static final int FMT_PLI = 1; // PSFB
  public static final int FMT_FIR = 4; // PSFB
  public static final int HEADER = 12;
  public static final int PLI_LENGTH = 12;

  private Feedback() {}

  public static long senderSsrc(byte[] b, int offset) {
    return RtcpCompound.u32(b, offset + 4);
  }

  public static long mediaSsrc(byte[] b, int offset) {
    return RtcpCompound.u32(b, offset + 8);
  }

  /** The first FCI's SSRC of a FIR (the media SSRC field of a FIR is unused and zero). */
  public static long firTargetSsrc(byte[] b, int offset, int length) {
    return length >= HEADER + 8 ? RtcpCompound.u32(b, offset + HEADER) : -1;
  }

  /** Writes a Picture Loss Indication; returns its length. */
  public static int writePli(byte[] b, int offset, long senderSsrc, long mediaSsrc) {
    b[offset] = (byte) (0x80 | FMT_PLI);
    b[offset + 1] = (byte) RtcpCompound.PSFB;
    RtcpCompound.put16(b, offset + 2, PLI_LENGTH / 4 - 1);
    RtcpCompound.put32(b, offset + 4, senderSsrc);
    RtcpCompound.put32(b, offset + 8, mediaSsrc);
    return PLI_LENGTH;
  }

  /** Calls {@code lost} for every sequence number a generic NACK reports (PID + BLP bitmask). */
  public static void forEachNacked(byte[] b, int offset, int length, java.util.function.IntConsumer lost) {
    for (int pos = offset + HEADER; pos + 4 <= offset + length; pos += 4) {
      int pid = RtcpCompound.u16(b, pos);
      int blp = RtcpCompound.u16(b, pos + 2);
      lost.accept(pid);
      for (int bit = 0; bit < 16; bit++) {
        if ((blp & (1 << bit)) != 0) {
          lost.accept((pid + bit + 1) & 0xffff);
        }
      }
    }
  }

  /** Writes a generic NACK for {@code pid} and the 16 following sequence numbers in {@code blp}. */
  public static int writeNack(byte[] b, int offset, long senderSsrc, long mediaSsrc, int pid, int blp) {
    b[offset] = (byte) (0x80 | FMT_NACK);
    b[offset + 1] = (byte) RtcpCompound.RTPFB;
    RtcpCompound.put16(b, offset + 2, 3);
    RtcpCompound.put32(b, offset + 4, senderSsrc);
    RtcpCompound.put32(b, offset + 8, mediaSsrc);
    RtcpCompound.put16(b, offset + 12, pid);
    RtcpCompound.put16(b, offset + 14, blp);
    return 16;
  }

  /** Writes an SDES packet with one chunk holding a CNAME (RFC 3550 section 6.5.1). */
  public static int writeSdesCname(byte[] b, int offset, long ssrc, byte[] cname) {
    int len = Math.min(cname.length, 255);
    int chunk = 4 + 2 + len + 1; // SSRC, type+length, text, END
    int padded = (chunk + 3) & ~3;
    b[offset] = (byte) 0x81;
    b[offset + 1] = (byte) RtcpCompound.SDES;
    RtcpCompound.put16(b, offset + 2, (4 + padded) / 4 - 1);
    RtcpCompound.put32(b, offset + 4, ssrc);
    b[offset + 8] = 1; // CNAME
    b[offset + 9] = (byte) len;
    System.arraycopy(cname, 0, b, offset + 10, len);
    for (int i = offset + 10 + len; i < offset + 4 + padded; i++) {
      b[i] = 0;
    }
    return 4 + padded;
  }
}
