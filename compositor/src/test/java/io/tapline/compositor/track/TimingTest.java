package io.tapline.compositor.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {
  @Test
  void unwrapperExtendsAcrossWrapsAndReorders() {
    SequenceUnwrapper u = SequenceUnwrapper.sequenceNumbers();
    long a = u.unwrap(65534);
    assertEquals(a + 1, u.unwrap(65535));
    assertEquals(a + 3, u.unwrap(1));
    assertEquals(a + 2, u.unwrap(0), "late packet before the wrap point");
    assertEquals(a + 4, u.unwrap(2));
    SequenceUnwrapper ts = SequenceUnwrapper.timestamps();
    long t = ts.unwrap(0xFFFF_FF00L);
    assertEquals(t + 0x200, ts.unwrap(0x100));
    assertEquals(0x1_0000_0100L, SequenceUnwrapper.near(0xFFFF_FF00L, 0x100, 32));
  }

  @Test
  void senderReportsMapRtpTimeToTheTapClockWithOneOffsetPerParticipant() throws Exception {
    // sender clock 5 s ahead of the tap; network delay 10 ms on the fastest report
    long tapBase = 1_700_000_000_000_000L;
    List<SenderReport> video = List.of(new SenderReport(1, tapBase + 5_000_000, 90_000, tapBase + 10_000),
        new SenderReport(1, tapBase + 5_000_000 + 20_000_000, 90_000 + 20 * 90_000, tapBase + 20_050_000));
    List<SenderReport> audio = List.of(new SenderReport(2, tapBase + 5_000_000 + 500_000, 48_000, tapBase + 530_000));
    TrackPackets v = new TrackPackets(track("v", 90_000), List.of(packet(90_000, tapBase)), video);
    TrackPackets a = new TrackPackets(track("a", 48_000), List.of(packet(48_000, tapBase)), audio);
    List<TrackClock> clocks = TrackClocks.build(List.of(v, a));
    // offset = min(arrival - ntp) = 10 ms - 5 s, shared by both tracks
    assertEquals(tapBase + 10_000, clocks.get(0).wallMicros(90_000));
    assertEquals(tapBase + 10_000 + 1_000_000, clocks.get(0).wallMicros(180_000));
    assertEquals(tapBase + 510_000, clocks.get(1).wallMicros(48_000));
    assertEquals(TimingSource.SENDER_REPORTS, clocks.get(1).source());
  }

  @Test
  void withoutReportsTheLeastDelayedArrivalAnchorsTheTrack() throws Exception {
    List<OrderedPacket> p = new ArrayList<>();
    p.add(new OrderedPacket(1, 1000, 5_030, rtp()));
    p.add(new OrderedPacket(2, 1000 + 48_000, 1_005_010, rtp())); // 1 s later, 20 ms less delay
    TrackClock c = TrackClocks.build(List.of(new TrackPackets(track("a", 48_000), p, List.of()))).get(0);
    assertEquals(TimingSource.ARRIVAL_TIMES, c.source());
    assertEquals(5_010, c.wallMicros(1000));
  }

  @Test
  void senderReportParsesNtpAndRtpTime() {
    byte[] sr = {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 7, (byte) 0xE8, (byte) 0x8B, 0x5A, 0x00, (byte) 0x80, 0, 0, 0,
        0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    List<SenderReport> r = SenderReport.parseCompound(sr, 99);
    assertEquals(1, r.size());
    assertEquals(7, r.get(0).ssrc());
    assertEquals(0x1000, r.get(0).rtpTimestamp());
    assertEquals((0xE88B5A00L - 2_208_988_800L) * 1_000_000L + 500_000, r.get(0).ntpMicros());
    assertEquals(0, SenderReport.parseCompound(new byte[] {1, 2, 3}, 0).size());
  }

  static ManifestTrack track(String id, int rate) {
    return new ManifestTrack(id, "p", "P", rate == 90_000 ? "video" : "audio", "camera", rate == 90_000 ? "VP8" : "opus",
        96, rate, null, null, null, 0, null, null);
  }

  static OrderedPacket packet(long ts, long arrival) throws Exception {
    return new OrderedPacket(1, ts, arrival, rtp());
  }

  static RtpPacket rtp() throws Exception {
    return RtpPacket.parse(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x10});
  }
}
