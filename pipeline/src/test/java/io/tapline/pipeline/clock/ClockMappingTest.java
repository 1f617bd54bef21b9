package io.tapline.pipeline.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockMappingTest {
  private static final long T0 = 1_795_473_446_000_000L; // a Unix time in microseconds

  private static long ntp(long unixMicros) {
    return NtpTime.fromUnixMicros(unixMicros);
  }

  @Test
  void noMappingBeforeTheFirstSenderReport() {
    ClockMapping m = new ClockMapping(90000);
    assertFalse(m.hasMapping());
    assertThrows(IllegalStateException.class, () -> m.toWallClockMicros(m.extend(1000)));
  }

  @Test
  void oneSenderReportMapsBothWaysAtTheNominalRate() {
    ClockMapping m = new ClockMapping(48000);
    assertTrue(m.addSenderReport(ntp(T0), 480_000));
    assertTrue(m.hasMapping());
    assertEquals(T0, m.toWallClockMicros(m.extend(480_000)));
    assertEquals(T0 + 20_000, m.toWallClockMicros(m.extend(480_960)));
    assertEquals(T0 - 1_000_000, m.toWallClockMicros(m.extend(432_000))); // before the first SR
  }

  @Test
  void usesTheNearestSenderReportAtOrBefore() {
    ClockMapping m = new ClockMapping(90000);
    m.addSenderReport(ntp(T0), 0);
    m.addSenderReport(ntp(T0 + 5_000_400), 450_000); // the sender's clock says 5.0004 s later
    assertEquals(T0 + 5_000_400, m.toWallClockMicros(450_000));
    assertEquals(T0 + 6_000_400, m.toWallClockMicros(540_000)); // after the last: from it, nominal
    assertEquals(T0 + 2_500_200, m.toWallClockMicros(225_000)); // between: toward the next SR
  }

  @Test
  void wrapOfTheRtpTimestampBetweenSenderReports() {
    ClockMapping m = new ClockMapping(90000);
    long start = 0xffff_ffffL - 90_000 * 2; // wraps 2 s after the first SR
    m.addSenderReport(ntp(T0), start);
    m.addSenderReport(ntp(T0 + 5_000_000), (start + 450_000) & 0xffff_ffffL);
    assertEquals(2, m.senderReportCount());
    long afterWrap = m.extend((start + 540_000) & 0xffff_ffffL);
    assertEquals(start + 540_000, afterWrap);
    assertEquals(T0 + 6_000_000, m.toWallClockMicros(afterWrap));
    long beforeWrap = m.extend(start + 90_000);
    assertEquals(T0 + 1_000_000, m.toWallClockMicros(beforeWrap));
  }

  /**
   * Ten minutes of 30 fps video from a sender whose RTP clock runs 50 ppm fast, with an RTP
   * timestamp wrap at minute 5 and SRs every 5 s whose NTP times jitter by up to 0.3 ms.
   */
  @Test
  void tenMinutesWithDriftJitterAndWrap() {
    int rate = 90000;
    double ppm = 50e-6;
    long wrapAfterMicros = 300_000_000;
    long rtpStart = (1L << 32) - Math.round(wrapAfterMicros / 1e6 * rate * (1 + ppm));
    Random random = new Random(42);
    ClockMapping live = new ClockMapping(rate);
    List<long[]> packets = new ArrayList<>(); // {true time, extended timestamp}
    long nextSr = 0;
    long naiveWall = -1;
    long naiveRtp = 0;
    long maxLiveError = 0;
    long previousLive = Long.MIN_VALUE;
    for (long frame = 0; frame < 18_000; frame++) {
      long trueMicros = frame * 1_000_000 / 30;
      long rtp32 = (rtpStart + Math.round(trueMicros / 1e6 * rate * (1 + ppm))) & 0xffff_ffffL;
      if (trueMicros >= nextSr) {
        long jitter = random.nextInt(601) - 300;
        assertTrue(live.addSenderReport(ntp(T0 + trueMicros + jitter), rtp32));
        if (naiveWall < 0) {
          naiveWall = T0 + trueMicros + jitter;
          naiveRtp = live.extend(rtp32);
        }
        nextSr += 5_000_000;
      }
      long ext = live.extend(rtp32);
      long mapped = live.toWallClockMicros(ext);
      assertTrue(mapped > previousLive, "live mapping went backwards at frame " + frame);
      previousLive = mapped;
      maxLiveError = Math.max(maxLiveError, Math.abs(mapped - (T0 + trueMicros)));
      packets.add(new long[] {trueMicros, ext});
    }
    assertEquals(120, live.senderReportCount());
    assertEquals(0, live.refusedSenderReports());
    assertTrue(packets.get(packets.size() - 1)[1] > 1L << 32, "the stream wrapped");
    assertTrue(maxLiveError <= 1000, "live error " + maxLiveError + " us");

    // Offline (all SRs known, as the compositor sees a recording): within 1 ms and monotonic.
    long maxError = 0;
    long previous = Long.MIN_VALUE;
    for (long[] p : packets) {
      long mapped = live.toWallClockMicros(p[1]);
      assertTrue(mapped > previous);
      previous = mapped;
      maxError = Math.max(maxError, Math.abs(mapped - (T0 + p[0])));
    }
    assertTrue(maxError <= 1000, "offline error " + maxError + " us");

    // Naive "first SR + clock rate" drifts by 50 ppm x 600 s = 30 ms.
    long[] last = packets.get(packets.size() - 1);
    long naive = naiveWall + (last[1] - naiveRtp) * 1_000_000 / rate;
    assertTrue(Math.abs(naive - (T0 + last[0])) > 25_000, "naive error " + Math.abs(naive - (T0 + last[0])));
  }

  @Test
  void jitteryCloseSenderReportsNeverMakeTimeGoBackwards() {
    ClockMapping m = new ClockMapping(8000);
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      // SRs 200 ms apart, NTP jitter up to +-1.5 ms, some out of order.
      int k = i % 10 == 9 ? i - 1 : (i % 10 == 8 ? i + 1 : i);
      m.addSenderReport(ntp(T0 + k * 200_000L + random.nextInt(3001) - 1500), k * 1600L);
    }
    assertEquals(0, m.refusedSenderReports());
    long previous = Long.MIN_VALUE;
    for (long ts = -8000; ts < 50 * 1600 + 8000; ts += 7) {
      long w = m.toWallClockMicros(ts);
      assertTrue(w >= previous, "backwards at " + ts);
      previous = w;
    }
  }

  @Test
  void inconsistentSenderReportsAreRefused() {
    ClockMapping m = new ClockMapping(90000);
    assertTrue(m.addSenderReport(ntp(T0), 0));
    assertTrue(m.addSenderReport(ntp(T0 + 10_000_000), 900_000));
    assertFalse(m.addSenderReport(ntp(T0 - 1), 90_000)); // NTP before the earlier SR
    assertFalse(m.addSenderReport(ntp(T0 + 30_000_000), 1_800_000)); // 20 s for 10 s of RTP: stepped clock
    assertFalse(m.addSenderReport(ntp(T0 + 10_000_000), 900_000)); // a repeat: nothing new, not refused
    assertEquals(2, m.refusedSenderReports());
    assertEquals(2, m.senderReportCount());
    assertEquals(T0 + 11_000_000, m.toWallClockMicros(990_000));
  }

  @Test
  void capturedGstreamerSenderReportsAgreeWithTheirClockRate() throws Exception {
    ClockMapping m = new ClockMapping(48000);
    List<SenderReport> srs = new ArrayList<>();
    for (UdpDatagram d : Fixtures.datagrams("rtcp-rtpbin.pcap")) {
      for (RtcpPacket p : RtcpCompound.parse(d.payload())) {
        if (p instanceof SenderReport sr) {
          srs.add(sr);
          assertTrue(m.addSenderReport(sr.ntpTimestamp(), sr.rtpTimestamp()));
        }
      }
    }
    assertEquals(3, srs.size());
    // The nominal rate from the first SR predicts the third within a millisecond.
    long first = NtpTime.toUnixMicros(srs.get(0).ntpTimestamp());
    long third = NtpTime.toUnixMicros(srs.get(2).ntpTimestamp());
    long predicted = first + (srs.get(2).rtpTimestamp() - srs.get(0).rtpTimestamp()) * 1_000_000 / 48000;
    assertTrue(Math.abs(predicted - third) < 1000, (predicted - third) + " us");
    assertEquals(third, m.toWallClockMicros(m.extend(srs.get(2).rtpTimestamp())));
  }

  @Test
  void sourceClocksRouteSenderReportsBySsrc() {
    SourceClocks clocks = new SourceClocks();
    ClockMapping audio = clocks.register(0xc8804823L, 48000);
    assertTrue(clocks.onSenderReport(new SenderReport(0xc8804823L, ntp(T0), 1000, 1, 100, List.of())));
    assertFalse(clocks.onSenderReport(new SenderReport(5, ntp(T0), 1000, 1, 100, List.of())));
    assertEquals(1, clocks.unknownSenderReports());
    assertTrue(audio.hasMapping());
    assertTrue(clocks.mapping(5).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> clocks.register(0xc8804823L, 90000));
  }
}
