package io.tapline.compositor.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.codec.RtpCodecs;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.rtp.RtpPacket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SsrcRunsTest {
  private static final Path FIREFOX = Path.of("src", "test", "resources", "fixtures", "firefox-simulcast-switch");

  @Test
  void aLayerSwitchIsPlacedOnTheFirstLayersTimelineBySenderReports() throws Exception {
    SsrcRuns runs = new SsrcRuns(90_000);
    // layer A: ts base 1000, 30 fps (3000 ticks), NTP 10 s at ts 1000; layer B: ts base 500_000, NTP 10 s at 500_000
    runs.report(new ReceivedSenderReport(0xA, 10_000_000, 1000, 100));
    runs.report(new ReceivedSenderReport(0xB, 10_000_000, 500_000, 110));
    for (int i = 0; i < 10; i++) {
      runs.packet(1_000 + i * 33_333L, rtp(0xA, 100 + i, 1000 + i * 3000));
    }
    // the tap switches to B at its frame 10 (same capture instant as A's frame 10 would have been)
    for (int i = 10; i < 20; i++) {
      runs.packet(1_000 + i * 33_333L + 5_000, rtp(0xB, 40_000 + i, 500_000 + i * 3000));
    }
    List<OrderedPacket> packets = runs.packets();
    assertEquals(2, runs.runCount());
    assertEquals(1000 + 10 * 3000, packets.get(10).timestamp(), "B's frame 10 at A's frame-10 time");
    assertEquals(packets.get(9).seq() + 2, packets.get(10).seq(), "one number left out: the chain restarts");
    List<ReceivedSenderReport> reports = runs.reports();
    assertEquals(2, reports.size());
    assertEquals(1000, reports.get(1).rtpTimestamp(), "B's report moved with B");
  }

  @Test
  void reportsFarFromTheArrivalTimesAreNotBelieved() throws Exception {
    SsrcRuns runs = new SsrcRuns(90_000);
    runs.report(new ReceivedSenderReport(1, 10_000_000, 1000, 0));
    runs.report(new ReceivedSenderReport(2, 70_000_000, 5000, 1_000_000)); // a restarted sender, clock 59 s off
    runs.packet(0, rtp(1, 10, 1000));
    runs.packet(1_000_000, rtp(2, 500, 5000));
    List<OrderedPacket> packets = runs.packets();
    assertEquals(1000 + 90_000, packets.get(1).timestamp(), "1 s after by arrival, not 60 s by the reports");
  }

  @Test
  void withoutReportsTheNextRunFollowsByArrival() throws Exception {
    SsrcRuns runs = new SsrcRuns(90_000);
    runs.packet(0, rtp(1, 65_535, 4_000_000_000L));
    runs.packet(100_000, rtp(1, 0, 4_000_009_000L)); // wraps: extended within the run
    runs.packet(200_000, rtp(2, 7, 12));
    List<OrderedPacket> packets = runs.packets();
    assertEquals(65_536, packets.get(1).seq());
    assertEquals(65_538, packets.get(2).seq());
    assertEquals(4_000_009_000L + 9_000, packets.get(2).timestamp(), "100 ms after the last packet");
    assertTrue(runs.reports().isEmpty());
  }

  /**
   * Firefox's simulcast camera as the tap recorded it (FirefoxConversationIT, loaded machine): the
   * tap followed a new layer at segment 10, so segments 10-12 hold another SSRC. Every packet and
   * every picture of both layers is read, on one timeline.
   */
  @Test
  void firefoxsRecordingAcrossALayerSwitchIsReadWhole() throws Exception {
    RecordingDirectory dir = new RecordingDirectory(FIREFOX);
    var track = dir.readManifest().track("fox-camera-1").orElseThrow();
    SkipLog skips = new SkipLog();
    TrackPackets read = new TrackReader(dir).read(track, skips);
    assertEquals(Set.of(0x6c94f680L), read.packets().stream().map(p -> p.packet().ssrc()).collect(Collectors.toSet()),
        "the second layer's packets carry the first one's SSRC");
    long rtpRecords = track.segments().stream().mapToLong(s -> s.rtpPackets()).sum();
    assertEquals(rtpRecords, read.packets().size(), "no packet left out: " + skips.entries());
    for (int i = 1; i < read.packets().size(); i++) {
      OrderedPacket a = read.packets().get(i - 1);
      OrderedPacket b = read.packets().get(i);
      assertTrue(b.timestamp() >= a.timestamp(), "timestamps go forward at " + i);
      assertTrue(b.timestamp() - a.timestamp() < 90_000, "no jump of a second or more at " + i);
    }
    assertEquals(Set.of(0x6c94f680L, 0x316424b1L),
        read.reports().stream().map(ReceivedSenderReport::ssrc).collect(Collectors.toSet()),
        "both layers' reports kept");
    List<EncodedFrame> frames = RtpCodecs.forName("VP8").orElseThrow().assemble("fox-camera-1", read.packets(), skips);
    // segments 10-12 (41 packets, about one picture each) are the second layer; the old reader dropped them
    long firstLayerEnd = read.packets().get(read.packets().size() - 42).timestamp();
    long second = frames.stream().filter(f -> f.timestamp() > firstLayerEnd).count();
    assertTrue(frames.size() >= 200, frames.size() + " pictures, skips " + skips.entries());
    assertTrue(second >= 30, "pictures of the second layer: " + second);
  }

  private static RtpPacket rtp(long ssrc, int seq, long ts) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(14);
    b.put((byte) 0x80).put((byte) 96).putShort((short) seq).putInt((int) ts).putInt((int) ssrc);
    b.putShort((short) 0x1234); // payload
    return RtpPacket.parse(b.array());
  }
}
