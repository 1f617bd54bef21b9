package io.tapline.pipeline.clock;

import io.tapline.pipeline.rtp.TimestampUnwrapper;
import java.util.Arrays;

/**
 * Maps the RTP timestamps of one source (SSRC) to wall-clock time using its RTCP sender reports
 * (RFC 3550 section 6.4.1: each SR pairs an NTP instant with the RTP timestamp of that instant).
 *
 * <p>A timestamp at or after an SR is mapped from the nearest SR at or before it, along the line
 * to the next SR: the mapping passes exactly through every SR, so a sender clock that runs fast
 * or slow against its nominal rate is corrected at each SR instead of accumulating drift, and SRs
 * that disagree slightly (NTP jitter) never make the mapped time go backwards. Past the last SR,
 * and before the first, the nominal clock rate extrapolates from the nearest SR.
 *
 * <p>An SR that would break monotonicity (its NTP time not after the SR before it and before the
 * one after it) or that disagrees with a neighbouring SR by more than {@link #MAX_RATE_ERROR} of
 * the interval plus {@link #MAX_JITTER_MICROS} (a stepped NTP clock, a timestamp restart) is
 * refused and counted in {@link #refusedSenderReports()}.
 *
 * <p>RTP timestamps are 32-bit and wrap (every 13.3 hours at 90 kHz, sooner from a random start):
 * SR and packet timestamps go through the same {@link #extend(long)} unwrapper, so both share one
 * 64-bit timeline. Not thread-safe.
 */
public final class ClockMapping {
  /** Largest accepted relative difference between the rate implied by two SRs and the nominal. */
  public static final double MAX_RATE_ERROR = 0.01;
  /** Disagreement between two SRs tolerated on top of the rate error: NTP jitter of close SRs. */
  public static final long MAX_JITTER_MICROS = 5_000;

  private final int clockRate;
  private final TimestampUnwrapper unwrapper = new TimestampUnwrapper();
  private long[] rtp = new long[8]; // extended RTP timestamps of accepted SRs, ascending
  private long[] wall = new long[8]; // their NTP times in Unix microseconds
  private int count;
  private long refused;

  public ClockMapping(int clockRate) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate " + clockRate);
    }
    this.clockRate = clockRate;
  }

  public int clockRate() {
    return clockRate;
  }

  /** The 64-bit extended form of a 32-bit RTP timestamp of this source, on the SRs' timeline. */
  public long extend(long rtpTimestamp) {
    return unwrapper.unwrap(rtpTimestamp);
  }

  /**
   * Adds a sender report with its 32-bit RTP timestamp (unwrapped here).
   *
   * @return whether it was accepted
   */
  public boolean addSenderReport(long ntpTimestamp, long rtpTimestamp) {
    return addSenderReportExtended(ntpTimestamp, extend(rtpTimestamp));
  }

  /**
   * Adds a sender report whose RTP timestamp is already on this mapping's extended timeline.
   *
   * @return whether it was accepted
   */
  public boolean addSenderReportExtended(long ntpTimestamp, long extendedRtpTimestamp) {
    long w = NtpTime.toUnixMicros(ntpTimestamp);
    int i = Arrays.binarySearch(rtp, 0, count, extendedRtpTimestamp);
    if (i >= 0) {
      if (wall[i] != w) {
        refused++;
      }
      return false; // same instant again (a repeated SR): nothing new
    }
    int at = -i - 1;
    if ((at > 0 && !consistent(rtp[at - 1], wall[at - 1], extendedRtpTimestamp, w))
        || (at < count && !consistent(extendedRtpTimestamp, w, rtp[at], wall[at]))) {
      refused++;
      return false;
    }
    if (count == rtp.length) {
      rtp = Arrays.copyOf(rtp, count * 2);
      wall = Arrays.copyOf(wall, count * 2);
    }
    System.arraycopy(rtp, at, rtp, at + 1, count - at);
    System.arraycopy(wall, at, wall, at + 1, count - at);
    rtp[at] = extendedRtpTimestamp;
    wall[at] = w;
    count++;
    return true;
  }

  private boolean consistent(long rtp1, long wall1, long rtp2, long wall2) {
    if (wall2 <= wall1) {
      return false;
    }
    double nominal = (double) (rtp2 - rtp1) * 1_000_000 / clockRate;
    return Math.abs((wall2 - wall1) - nominal) <= MAX_RATE_ERROR * nominal + MAX_JITTER_MICROS;
  }

  /** Whether at least one SR has been accepted, so {@link #toWallClockMicros} can answer. */
  public boolean hasMapping() {
    return count > 0;
  }

  public int senderReportCount() {
    return count;
  }

  public long refusedSenderReports() {
    return refused;
  }

  /**
   * Wall-clock time, in microseconds since the Unix epoch, of an extended RTP timestamp.
   *
   * @throws IllegalStateException when there is no SR yet ({@link #hasMapping()} is false)
   */
  public long toWallClockMicros(long extendedRtpTimestamp) {
    if (count == 0) {
      throw new IllegalStateException("no sender report yet: no mapping from RTP to wall clock");
    }
    int i = Arrays.binarySearch(rtp, 0, count, extendedRtpTimestamp);
    if (i >= 0) {
      return wall[i];
    }
    int floor = -i - 2; // nearest SR before, or -1
    if (floor < 0 || floor == count - 1) {
      int anchor = Math.max(floor, 0);
      long ticks = extendedRtpTimestamp - rtp[anchor];
      return wall[anchor] + Math.floorDiv(ticks * 1_000_000 + clockRate / 2, clockRate);
    }
    double fraction = (double) (extendedRtpTimestamp - rtp[floor]) / (rtp[floor + 1] - rtp[floor]);
    return wall[floor] + Math.round(fraction * (wall[floor + 1] - wall[floor]));
  }
}
