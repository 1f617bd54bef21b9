package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generic NACK, RFC 4585 section 6.2.1 (RTPFB, FMT=1). After the feedback header (section 6.1:
 * sender SSRC, media SSRC) come one or more FCI entries:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>PID is a lost sequence number; bit i (LSB = 0) of BLP reports PID + i + 1 lost too. This
 * record holds the expanded list; writing packs it back greedily in the list's order (each entry
 * starts a new FCI unless it lies 1-16 after the current PID, modulo 2^16).
 */
public record GenericNack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers) implements RtcpPacket {
  public static final int FMT = 1;

  public GenericNack {
    RtcpBytes.checkU32(senderSsrc, "sender ssrc");
    RtcpBytes.checkU32(mediaSsrc, "media ssrc");
    lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
    if (lostSequenceNumbers.isEmpty()) {
      throw new IllegalArgumentException("a NACK needs at least one lost packet");
    }
    for (int s : lostSequenceNumbers) {
      if (s < 0 || s > 0xffff) {
        throw new IllegalArgumentException("sequence number " + s);
      }
    }
  }

  static GenericNack parse(byte[] b, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 12) {
      throw new MalformedPacketException("rtcp.nack.truncated", bodyLength + " bytes, needs one FCI");
    }
    List<Integer> lost = new ArrayList<>();
    for (int pos = body + 8; pos + 4 <= body + bodyLength; pos += 4) {
      int pid = RtcpBytes.u16(b, pos);
      int blp = RtcpBytes.u16(b, pos + 2);
      lost.add(pid);
      for (int i = 0; i < 16; i++) {
        if ((blp & (1 << i)) != 0) {
          lost.add((pid + i + 1) & 0xffff);
        }
      }
    }
    return new GenericNack(RtcpBytes.u32(b, body), RtcpBytes.u32(b, body + 4), lost);
  }

  /** The FCI entries as packed (PID in the high 16 bits, BLP in the low 16). */
  int[] fci() {
    int[] out = new int[lostSequenceNumbers.size()];
    int n = 0;
    int pid = -1;
    int blp = 0;
    for (int seq : lostSequenceNumbers) {
      int distance = pid < 0 ? 0 : (seq - pid) & 0xffff;
      if (pid >= 0 && distance >= 1 && distance <= 16) {
        blp |= 1 << (distance - 1);
        continue;
      }
      if (pid >= 0) {
        out[n++] = (pid << 16) | blp;
      }
      pid = seq;
      blp = 0;
    }
    out[n++] = (pid << 16) | blp;
    return Arrays.copyOf(out, n);
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  @Override
  public int length() {
    return 12 + 4 * fci().length;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int[] fci = fci();
    int length = 12 + 4 * fci.length;
    RtcpBytes.putHeader(dst, offset, FMT, RTPFB, length);
    RtcpBytes.putU32(dst, offset + 4, senderSsrc);
    RtcpBytes.putU32(dst, offset + 8, mediaSsrc);
    for (int i = 0; i < fci.length; i++) {
      RtcpBytes.putU32(dst, offset + 12 + 4 * i, fci[i] & 0xffffffffL);
    }
    return length;
  }
}
