package io.tapline.pipeline.tools;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the compound RTCP packet a sender emits: a sender report (RFC 3550 section 6.4.1) with no
 * report blocks, followed by an SDES with a CNAME item (section 6.5; section 6.1 requires a CNAME
 * in every compound packet). Only for the demo until the RTCP writer lands.
 *
 * <pre>
 * SR:   V=2 P RC=0 | PT=200 | length=6 | SSRC | NTP sec | NTP frac | RTP ts | packets | octets
 * SDES: V=2 P SC=1 | PT=202 | length   | SSRC | CNAME=1 | len | text | 0-3 null octets to a word
 * </pre>
 */
final class SenderReportBuilder {
  /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (RFC 868). */
  static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  private SenderReportBuilder() {}

  static byte[] build(long ssrc, long wallMicros, long rtpTimestamp, long packets, long octets, String cname) {
    byte[] name = cname.getBytes(StandardCharsets.UTF_8);
    if (name.length > 255) {
      throw new IllegalArgumentException("CNAME longer than 255 bytes");
    }
    int itemBytes = 2 + name.length + 1; // type, length, text, at least one null octet ending the list
    int sdesWords = 1 + (itemBytes + 3) / 4; // SSRC + items padded to a 32-bit boundary
    ByteBuffer b = ByteBuffer.allocate(28 + 4 + 4 * sdesWords);
    b.put((byte) 0x80).put((byte) 200).putShort((short) 6);
    b.putInt((int) ssrc);
    long seconds = Math.floorDiv(wallMicros, 1_000_000L) + NTP_UNIX_OFFSET_SECONDS;
    long fraction = (Math.floorMod(wallMicros, 1_000_000L) << 32) / 1_000_000L;
    b.putInt((int) seconds).putInt((int) fraction);
    b.putInt((int) rtpTimestamp).putInt((int) packets).putInt((int) octets);
    b.put((byte) 0x81).put((byte) 202).putShort((short) sdesWords);
    b.putInt((int) ssrc);
    b.put((byte) 1).put((byte) name.length).put(name);
    // the rest of the buffer is already zero: the null octet(s) that end the item list
    return b.array();
  }

  /** The wall-clock time an NTP timestamp denotes, as epoch microseconds (what the manifest stores). */
  static long ntpToMicros(long seconds, long fraction) {
    return (seconds - NTP_UNIX_OFFSET_SECONDS) * 1_000_000L + ((fraction * 1_000_000L + (1L << 31)) >>> 32);
  }
}
