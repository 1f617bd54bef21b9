package io.tapline.pipeline.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NtpTimeTest {
  @Test
  void unixEpochAndHalfSecond() {
    assertEquals(0x83aa7e80_00000000L, NtpTime.fromUnixMicros(0));
    assertEquals(0x83aa7e80_80000000L, NtpTime.fromUnixMicros(500_000));
    assertEquals(500_000, NtpTime.toUnixMicros(0x83aa7e80_80000000L));
  }

  @Test
  void capturedFfmpegSenderReportAsTsharkDecodesIt() {
    // tshark: MSW 4004462246, LSW 0x33b645a1 = Nov 23, 2026 22:37:26.201999999 UTC.
    assertEquals(1_795_473_446_202_000L, NtpTime.toUnixMicros((4004462246L << 32) | 0x33b645a1L));
  }

  @Test
  void roundTripsToTheMicrosecondAcrossTheEra2036Rollover() {
    long rollover = ((1L << 32) - NtpTime.UNIX_EPOCH_OFFSET_SECONDS) * 1_000_000; // 2036-02-07T06:28:16Z
    long[] samples = {0, 1, 999_999, 1_795_473_446_202_000L, rollover - 1, rollover, rollover + 1_000_001};
    for (long micros : samples) {
      assertEquals(micros, NtpTime.toUnixMicros(NtpTime.fromUnixMicros(micros)), "at " + micros);
    }
    assertEquals(1, NtpTime.fromUnixMicros(rollover + 1_000_000) >>> 32); // era 1, second 1
  }

  @Test
  void compactFormAndRoundTripTimeFromRfc3550Example() {
    assertEquals(0x56789abcL, NtpTime.compact(0x12345678_9abcdef0L));
    assertEquals(1_000_000, NtpTime.compactToMicros(0x00010000));
    assertEquals(5_250_000, NtpTime.compactToMicros(0x00054000));
    assertEquals(0x00054000, NtpTime.microsToCompact(5_250_000));
    // RFC 3550 6.4.1 figure 2: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 -> 6.125 s.
    assertEquals(6_125_000, NtpTime.roundTripMicros(0xb7108000L << 16, 0xb7052000L, 0x00054000L));
    assertEquals(-1, NtpTime.roundTripMicros(0xb7108000L << 16, 0, 0));
  }
}
