package io.tapline.sfu.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment decisions driven by arrival times passed in (a fake clock): 1 s segments, 0.5 s grace. */
class TrackRecorderTest {
  @TempDir Path dir;
  final List<String> keyframeRequests = new ArrayList<>();
  final List<String> drops = new ArrayList<>();
  final List<SegmentEntry> closed = new ArrayList<>();
  ManifestTrack last;
  TrackRecorder video;
  int seq;

  @BeforeEach
  void setUp() {
    TapConfig config = new TapConfig(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(200),
        Duration.ofSeconds(2), Duration.ofSeconds(1), 64, SegmentSink.local());
    video = new TrackRecorder(Specs.video("c", "alice", "v1"), "r", "c", new RecordingDirectory(dir), config,
        new TrackRecorder.Owner() {
          @Override
          public void requestKeyframe(String trackId) {
            keyframeRequests.add(trackId);
          }

          @Override
          public void segmentClosed(ManifestTrack track, SegmentEntry entry, Path file) {
            closed.add(entry);
            last = track;
          }
        }, drops::add);
  }

  /** One frame of two packets at {@code ms} milliseconds. */
  void frame(long ms, boolean key, long ssrc) throws Exception {
    long micros = 1_000_000_000L + ms * 1000;
    video.rtp(micros, new RtpBuilder().ssrc(ssrc).seq(seq++).ts(90L * ms).vp8(true, key, 50).build());
    video.rtp(micros, new RtpBuilder().ssrc(ssrc).seq(seq++).ts(90L * ms).marker(true).vp8(false, key, 50).build());
  }

  @Test
  void waitsForAKeyframeAndRollsAtTheFirstOneAfterTheDuration() throws Exception {
    frame(0, false, 1);
    frame(33, false, 1);
    assertEquals(4, drops.stream().filter("tap.awaiting_keyframe"::equals).count());
    assertEquals(List.of("v1"), keyframeRequests, "asked once, throttled after");
    frame(66, true, 1);
    for (long t = 100; t < 1100; t += 33) {
      frame(t, false, 1);
    }
    assertEquals(2, keyframeRequests.size(), "asked again shortly before the roll is due");
    assertTrue(closed.isEmpty(), "due, but no keyframe yet: the segment goes on");
    frame(1100, true, 1);
    frame(1133, false, 1);
    video.close();
    assertEquals(2, closed.size());
    assertTrue(closed.get(0).startsWithKeyframe());
    assertTrue(closed.get(1).startsWithKeyframe());
    assertEquals(2 * (1 + 31), closed.get(0).rtpPackets());
    assertEquals(4, closed.get(1).rtpPackets());
    assertEquals(2, last.segments().size());
    assertEquals(closed.get(1).rtpPackets(),
        SegmentReader.readAll(dir.resolve(closed.get(1).file())).records().size());
  }

  @Test
  void rollsWithoutAKeyframeOnceTheGraceIsOverAndSaysSo() throws Exception {
    frame(0, true, 1);
    for (long t = 33; t < 1600; t += 33) {
      frame(t, false, 1);
    }
    video.close();
    assertEquals(2, closed.size());
    assertTrue(closed.get(0).startsWithKeyframe());
    assertFalse(closed.get(1).startsWithKeyframe(), "the truth about the second segment");
    byte[] first = SegmentReader.readAll(dir.resolve(closed.get(1).file())).records().get(0).data();
    assertEquals(0x10, first[12] & 0x10, "cut between frames, not inside one (VP8 S bit)");
    assertTrue(keyframeRequests.size() >= 2);
  }

  @Test
  void startsOnADeltaFrameWhenTheFirstKeyframeNeverComes() throws Exception {
    for (long t = 0; t <= 2100; t += 100) {
      frame(t, false, 1);
    }
    video.close();
    assertEquals(1, closed.size());
    assertFalse(closed.get(0).startsWithKeyframe());
    assertEquals(2 * 20, drops.size(), "frames 0..1900 ms waited; the one at 2000 ms (the wait) opened");
  }

  @Test
  void aNewPublisherSsrcStartsANewSegmentWithThatSsrc() throws Exception {
    frame(0, true, 1);
    frame(33, false, 1);
    frame(66, true, 2);
    frame(99, false, 2);
    video.close();
    assertEquals(2, closed.size());
    assertEquals(1, SegmentReader.readAll(dir.resolve(closed.get(0).file())).header().ssrc());
    assertEquals(2, SegmentReader.readAll(dir.resolve(closed.get(1).file())).header().ssrc());
    assertEquals(1, last.ssrc(), "the manifest keeps the first SSRC; each segment header has its own");
  }
}
