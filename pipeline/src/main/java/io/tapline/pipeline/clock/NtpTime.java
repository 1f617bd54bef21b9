package io.tapline.pipeline.clock;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 section 4): 64 bits, seconds since 1900-01-01 in
 * the upper 32 and the fraction of a second in the lower 32. The 32-bit seconds wrap in February
 * 2036; following RFC 4330 section 3, a seconds value with the top bit clear is taken as era 1
 * (2036-2104), so conversions are right from 1968 to 2104.
 *
 * <p>The "compact" form is the middle 32 bits (16.16 fixed-point seconds), used by LSR and DLSR
 * in report blocks (section 6.4.1).
 */
public final class NtpTime {
  /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
  public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;
  private static final long MICROS = 1_000_000L;

  private NtpTime() {}

  /** Microseconds since the Unix epoch for a 64-bit NTP timestamp (fraction rounded to nearest). */
  public static long toUnixMicros(long ntp) {
    long seconds = ntp >>> 32;
    if (seconds < 0x8000_0000L) {
      seconds += 1L << 32; // era 1: after 2036-02-07
    }
    long fraction = ntp & 0xffff_ffffL;
    return (seconds - UNIX_EPOCH_OFFSET_SECONDS) * MICROS + ((fraction * MICROS + (1L << 31)) >>> 32);
  }

  /** The 64-bit NTP timestamp for microseconds since the Unix epoch. */
  public static long fromUnixMicros(long unixMicros) {
    long seconds = Math.floorDiv(unixMicros, MICROS) + UNIX_EPOCH_OFFSET_SECONDS;
    long micros = Math.floorMod(unixMicros, MICROS);
    long fraction = ((micros << 32) + MICROS / 2) / MICROS;
    return ((seconds & 0xffff_ffffL) << 32) | fraction;
  }

  /** The middle 32 bits of a 64-bit NTP timestamp (LSR in a report block). */
  public static long compact(long ntp) {
    return (ntp >>> 16) & 0xffff_ffffL;
  }

  /** A compact (16.16 seconds) duration, such as DLSR, in microseconds (rounded to nearest). */
  public static long compactToMicros(long compact) {
    return ((compact & 0xffff_ffffL) * MICROS + (1L << 15)) >>> 16;
  }

  /** A duration in microseconds as a compact value (rounded to nearest, modulo 2^32). */
  public static long microsToCompact(long micros) {
    return (((micros << 16) + MICROS / 2) / MICROS) & 0xffff_ffffL;
  }

  /**
   * Round-trip time from a report block (RFC 3550 section 6.4.1, figure 2): arrival time of the
   * report minus its LSR minus its DLSR, all compact; in microseconds, or -1 when the report has no
   * LSR (no SR received yet) or the result is negative (clock trouble).
   */
  public static long roundTripMicros(long arrivalNtp, long lastSenderReport, long delaySinceLastSenderReport) {
    if (lastSenderReport == 0) {
      return -1;
    }
    long rtt = (compact(arrivalNtp) - lastSenderReport - delaySinceLastSenderReport) & 0xffff_ffffL;
    if (rtt >= 0x8000_0000L) {
      return -1;
    }
    return compactToMicros(rtt);
  }
}
