package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;

/**
 * Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 3.1 (RTPFB, FMT=15):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * .                                                               .
 * |         packet chunk          |  recv delta   |  recv delta   |
 * .                                                               .
 * |           recv delta          |  recv delta   | zero padding  |
 * </pre>
 *
 * <p>Packet chunks (3.1.3, 3.1.4): T=0 run length {@code |0|S(2)|run length(13)|}; T=1 status
 * vector {@code |1|S|symbols(14)|}, fourteen 1-bit symbols (S=0: 0 not received, 1 small delta)
 * or seven 2-bit symbols (S=1: 00 not received, 01 small delta, 10 large delta, 11 reserved).
 * Receive deltas (3.1.5) are in 250 us units: small is 1 byte unsigned, large 2 bytes signed.
 * The reference time is signed 24-bit in 64 ms units.
 *
 * <p>This class holds one status and delta per packet; writing chooses the chunks itself
 * (run length for long runs, otherwise the densest vector), so bytes from another encoder may be
 * re-encoded differently with the same meaning.
 */
public final class TransportCcFeedback implements RtcpPacket {
  public static final int FMT = 15;
  public static final int NOT_RECEIVED = 0;
  public static final int SMALL_DELTA = 1;
  public static final int LARGE_DELTA = 2;
  public static final int DELTA_MICROS = 250;
  public static final int REFERENCE_TIME_MICROS = 64_000;
  private static final int MAX_RUN = (1 << 13) - 1;

  private final long senderSsrc;
  private final long mediaSsrc;
  private final int baseSequenceNumber;
  private final int referenceTime;
  private final int feedbackCount;
  private final int[] statuses;
  private final int[] deltas;

  /**
   * @param referenceTime signed 24-bit, in 64 ms units
   * @param statuses one of {@link #NOT_RECEIVED}, {@link #SMALL_DELTA}, {@link #LARGE_DELTA} per
   *     packet from the base sequence number on (at most 65535)
   * @param deltas per packet, in 250 us units: 0-255 for small, -32768-32767 for large, 0 when
   *     not received
   */
  public TransportCcFeedback(long senderSsrc, long mediaSsrc, int baseSequenceNumber, int referenceTime,
      int feedbackCount, int[] statuses, int[] deltas) {
    this.senderSsrc = RtcpBytes.checkU32(senderSsrc, "sender ssrc");
    this.mediaSsrc = RtcpBytes.checkU32(mediaSsrc, "media ssrc");
    if (baseSequenceNumber < 0 || baseSequenceNumber > 0xffff) {
      throw new IllegalArgumentException("base sequence number " + baseSequenceNumber);
    }
    if (referenceTime < -(1 << 23) || referenceTime >= (1 << 23)) {
      throw new IllegalArgumentException("reference time " + referenceTime + " is not 24-bit signed");
    }
    if (feedbackCount < 0 || feedbackCount > 255) {
      throw new IllegalArgumentException("feedback count " + feedbackCount);
    }
    if (statuses.length != deltas.length || statuses.length > 0xffff) {
      throw new IllegalArgumentException(statuses.length + " statuses, " + deltas.length + " deltas");
    }
    for (int i = 0; i < statuses.length; i++) {
      int s = statuses[i];
      int d = deltas[i];
      boolean ok = switch (s) {
        case NOT_RECEIVED -> d == 0;
        case SMALL_DELTA -> d >= 0 && d <= 255;
        case LARGE_DELTA -> d >= Short.MIN_VALUE && d <= Short.MAX_VALUE;
        default -> false;
      };
      if (!ok) {
        throw new IllegalArgumentException("packet " + i + ": status " + s + " with delta " + d);
      }
    }
    this.baseSequenceNumber = baseSequenceNumber;
    this.referenceTime = referenceTime;
    this.feedbackCount = feedbackCount;
    this.statuses = statuses.clone();
    this.deltas = deltas.clone();
  }

  /** The status a receive delta needs: small when it fits one unsigned byte, else large. */
  public static int statusFor(int delta) {
    return delta >= 0 && delta <= 255 ? SMALL_DELTA : LARGE_DELTA;
  }

  static TransportCcFeedback parse(byte[] b, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 16) {
      throw new MalformedPacketException("rtcp.twcc.truncated", bodyLength + " bytes, header needs 16");
    }
    int end = body + bodyLength;
    int base = RtcpBytes.u16(b, body + 8);
    int count = RtcpBytes.u16(b, body + 10);
    int reference = (RtcpBytes.u24(b, body + 12) << 8) >> 8;
    int fbCount = b[body + 15] & 0xff;
    int[] statuses = new int[count];
    int n = 0;
    int pos = body + 16;
    while (n < count) {
      if (pos + 2 > end) {
        throw new MalformedPacketException("rtcp.twcc.truncated", "chunks stop at " + n + " of " + count + " packets");
      }
      int chunk = RtcpBytes.u16(b, pos);
      pos += 2;
      if ((chunk & 0x8000) == 0) {
        int symbol = (chunk >>> 13) & 3;
        if (symbol == 3) {
          throw new MalformedPacketException("rtcp.twcc.status", "reserved status in a run-length chunk");
        }
        int run = Math.min(chunk & 0x1fff, count - n);
        Arrays.fill(statuses, n, n + run, symbol);
        n += run;
      } else if ((chunk & 0x4000) == 0) {
        for (int i = 13; i >= 0 && n < count; i--) {
          statuses[n++] = (chunk >>> i) & 1;
        }
      } else {
        for (int i = 12; i >= 0 && n < count; i -= 2) {
          int symbol = (chunk >>> i) & 3;
          if (symbol == 3) {
            throw new MalformedPacketException("rtcp.twcc.status", "reserved status in a status vector");
          }
          statuses[n++] = symbol;
        }
      }
    }
    int[] deltas = new int[count];
    for (int i = 0; i < count; i++) {
      if (statuses[i] == SMALL_DELTA) {
        if (pos + 1 > end) {
          throw new MalformedPacketException("rtcp.twcc.truncated", "receive delta of packet " + i + " missing");
        }
        deltas[i] = b[pos++] & 0xff;
      } else if (statuses[i] == LARGE_DELTA) {
        if (pos + 2 > end) {
          throw new MalformedPacketException("rtcp.twcc.truncated", "receive delta of packet " + i + " missing");
        }
        deltas[i] = (short) RtcpBytes.u16(b, pos);
        pos += 2;
      }
    }
    return new TransportCcFeedback(RtcpBytes.u32(b, body), RtcpBytes.u32(b, body + 4), base, reference, fbCount,
        statuses, deltas);
  }

  public long senderSsrc() {
    return senderSsrc;
  }

  public long mediaSsrc() {
    return mediaSsrc;
  }

  public int baseSequenceNumber() {
    return baseSequenceNumber;
  }

  /** Signed, in 64 ms units. */
  public int referenceTime() {
    return referenceTime;
  }

  public int feedbackCount() {
    return feedbackCount;
  }

  public int packetCount() {
    return statuses.length;
  }

  /** The transport sequence number of packet {@code i} (base + i, modulo 2^16). */
  public int sequenceNumber(int i) {
    checkIndex(i);
    return (baseSequenceNumber + i) & 0xffff;
  }

  public int status(int i) {
    return statuses[checkIndex(i)];
  }

  /** Receive delta of packet {@code i} in 250 us units (0 when not received). */
  public int delta(int i) {
    return deltas[checkIndex(i)];
  }

  /**
   * Receive times in microseconds on the receiver's clock (reference time plus the running sum of
   * deltas), -1 for packets not received.
   */
  public long[] receiveTimesMicros() {
    long[] out = new long[statuses.length];
    long t = (long) referenceTime * REFERENCE_TIME_MICROS;
    for (int i = 0; i < statuses.length; i++) {
      if (statuses[i] == NOT_RECEIVED) {
        out[i] = -1;
      } else {
        t += (long) deltas[i] * DELTA_MICROS;
        out[i] = t;
      }
    }
    return out;
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= statuses.length) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  /** The packet chunks to write, as 16-bit values. */
  private int[] chunks() {
    int[] out = new int[statuses.length + 1];
    int n = 0;
    int i = 0;
    while (i < statuses.length) {
      int run = runLength(i);
      int remaining = statuses.length - i;
      if (run >= 14) {
        out[n++] = (statuses[i] << 13) | run;
        i += run;
      } else if (maxStatus(i, Math.min(14, remaining)) <= SMALL_DELTA) {
        int chunk = 0x8000;
        for (int k = 0; k < 14 && i < statuses.length; k++, i++) {
          chunk |= statuses[i] << (13 - k);
        }
        out[n++] = chunk;
      } else if (run >= 7) {
        out[n++] = (statuses[i] << 13) | run;
        i += run;
      } else {
        int chunk = 0xc000;
        for (int k = 0; k < 7 && i < statuses.length; k++, i++) {
          chunk |= statuses[i] << (12 - 2 * k);
        }
        out[n++] = chunk;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private int runLength(int from) {
    int s = statuses[from];
    int i = from;
    while (i < statuses.length && statuses[i] == s && i - from < MAX_RUN) {
      i++;
    }
    return i - from;
  }

  private int maxStatus(int from, int n) {
    int max = 0;
    for (int i = from; i < from + n; i++) {
      max = Math.max(max, statuses[i]);
    }
    return max;
  }

  private int deltaBytes() {
    int n = 0;
    for (int s : statuses) {
      n += s == SMALL_DELTA ? 1 : s == LARGE_DELTA ? 2 : 0;
    }
    return n;
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  @Override
  public int length() {
    return (20 + 2 * chunks().length + deltaBytes() + 3) & ~3;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int[] chunks = chunks();
    int length = (20 + 2 * chunks.length + deltaBytes() + 3) & ~3;
    RtcpBytes.putHeader(dst, offset, FMT, RTPFB, length);
    RtcpBytes.putU32(dst, offset + 4, senderSsrc);
    RtcpBytes.putU32(dst, offset + 8, mediaSsrc);
    RtcpBytes.putU16(dst, offset + 12, baseSequenceNumber);
    RtcpBytes.putU16(dst, offset + 14, statuses.length);
    RtcpBytes.putU24(dst, offset + 16, referenceTime & 0xffffff);
    dst[offset + 19] = (byte) feedbackCount;
    int pos = offset + 20;
    for (int c : chunks) {
      RtcpBytes.putU16(dst, pos, c);
      pos += 2;
    }
    for (int i = 0; i < statuses.length; i++) {
      if (statuses[i] == SMALL_DELTA) {
        dst[pos++] = (byte) deltas[i];
      } else if (statuses[i] == LARGE_DELTA) {
        RtcpBytes.putU16(dst, pos, deltas[i] & 0xffff);
        pos += 2;
      }
    }
    Arrays.fill(dst, pos, offset + length, (byte) 0);
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportCcFeedback t && t.senderSsrc == senderSsrc && t.mediaSsrc == mediaSsrc
        && t.baseSequenceNumber == baseSequenceNumber && t.referenceTime == referenceTime
        && t.feedbackCount == feedbackCount && Arrays.equals(t.statuses, statuses) && Arrays.equals(t.deltas, deltas);
  }

  @Override
  public int hashCode() {
    return (baseSequenceNumber * 31 + referenceTime) * 31 + Arrays.hashCode(statuses);
  }

  @Override
  public String toString() {
    return "TransportCC[base=" + baseSequenceNumber + " count=" + statuses.length + " ref=" + referenceTime
        + " fb=" + feedbackCount + "]";
  }
}
