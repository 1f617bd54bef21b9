package io.tapline.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDemoTest {
  static final long START = 1_795_000_000_000_000L;

  @TempDir Path tmp;

  @Test
  void recordingReadsBackSegmentsManifestAndEvents() throws Exception {
    Path dir = tmp.resolve("rec");
    PipelineDemo.Summary s = PipelineDemo.record(dir, new PipelineDemo.Options(3, 1, START));
    RecordingDirectory rd = new RecordingDirectory(dir);
    Manifest m = rd.readManifest();
    assertEquals(2, m.tracks().size());
    assertEquals(START, m.startedMicros());
    assertEquals(START + 3_001_000L, m.stoppedMicros());
    assertEquals(2, s.tracks());

    long rtpTotal = 0;
    int segmentTotal = 0;
    for (ManifestTrack t : m.tracks()) {
      // 3 s rolled every second (at a keyframe for video, keyframes every second)
      assertEquals(3, t.segments().size(), t.trackId());
      assertEquals(3, t.clock().size(), "one sender report a second on " + t.trackId());
      List<SegmentRecord> trackRecords = new ArrayList<>();
      List<ClockSample> reportsInFiles = new ArrayList<>();
      for (SegmentEntry e : t.segments()) {
        Path f = rd.resolve(e);
        assertEquals(RecordingDirectory.segmentPath(t.trackId(), e.index()), e.file());
        SegmentContents c = SegmentReader.readAll(f);
        assertTrue(c.tail().clean(), e.file());
        assertEquals(Files.size(f), e.bytes());
        assertEquals(t.trackId(), c.header().trackId());
        assertEquals(e.index(), c.header().segmentIndex());
        assertEquals(t.ssrc(), c.header().ssrc());
        assertEquals(t.codec(), c.header().codec());
        assertEquals(e.firstArrivalMicros(), (long) c.header().firstPacketMicros());
        assertEquals(e.firstArrivalMicros(), c.records().get(0).arrivalMicros());
        assertEquals(e.lastArrivalMicros(), c.records().get(c.records().size() - 1).arrivalMicros());
        assertEquals(e.rtpPackets(), c.records().stream().filter(r -> r.type() == RecordType.RTP).count());
        assertEquals(e.rtcpPackets(), c.records().stream().filter(r -> r.type() == RecordType.RTCP).count());
        if (t.isVideo()) {
          assertTrue(e.startsWithKeyframe(), e.file());
          byte[] first = c.records().get(0).data();
          assertEquals(0x10, first[12] & 0xff, "VP8 descriptor S bit on a segment's first packet");
          assertEquals(0, first[13] & 0x01, "VP8 keyframe flag");
        }
        for (SegmentRecord r : c.records()) {
          if (r.type() == RecordType.RTCP) {
            reportsInFiles.add(decodeSenderReport(r));
          }
        }
        trackRecords.addAll(c.records());
        rtpTotal += e.rtpPackets();
        segmentTotal++;
      }
      assertEquals(t.clock(), reportsInFiles, "manifest clock samples are the SRs in the files");
      assertSequenceContinuous(trackRecords);
    }
    assertEquals(rtpTotal, s.rtpPackets());
    assertEquals(segmentTotal, s.segments());
    assertEquals(6, s.rtcpPackets());
    // 50 packets a second of audio for 3 s
    assertEquals(150, m.track("alice-mic").orElseThrow().segments().stream().mapToLong(SegmentEntry::rtpPackets).sum());

    List<ManifestEvent> events = rd.readEvents();
    assertEquals(List.of(EventType.RECORDING_STARTED, EventType.PARTICIPANT_JOINED, EventType.TRACK_PUBLISHED,
        EventType.TRACK_PUBLISHED, EventType.ACTIVE_SPEAKER_CHANGED, EventType.TRACK_UNPUBLISHED,
        EventType.TRACK_UNPUBLISHED, EventType.PARTICIPANT_LEFT, EventType.RECORDING_STOPPED),
        events.stream().map(ManifestEvent::type).toList());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).seq());
    }
    assertEquals("Alice", events.get(1).attribute("name"));
    assertEquals(events.size(), s.events());
    assertTrue(Files.notExists(dir.resolve(RecordingDirectory.MANIFEST + ".tmp")));
  }

  /** Sequence numbers of a track go up by one across segment boundaries and through the wrap. */
  private static void assertSequenceContinuous(List<SegmentRecord> records) throws Exception {
    Integer previous = null;
    boolean wrapped = false;
    for (SegmentRecord r : records) {
      if (r.type() != RecordType.RTP) {
        continue;
      }
      int seq = RtpPacket.parse(r.data()).sequenceNumber();
      if (previous != null) {
        assertEquals((previous + 1) & 0xffff, seq);
        wrapped |= seq == 0;
      }
      previous = seq;
    }
    assertTrue(wrapped, "the synthetic stream starts near 65535 so that it wraps");
  }

  /** RFC 3550 section 6.4.1, read from the bytes; the compound must end exactly with its SDES. */
  private static ClockSample decodeSenderReport(SegmentRecord r) {
    byte[] p = r.data();
    assertEquals(0x80, p[0] & 0xff);
    assertEquals(200, p[1] & 0xff);
    assertEquals(6, ((p[2] & 0xff) << 8) | (p[3] & 0xff));
    int sdes = 28;
    assertEquals(202, p[sdes + 1] & 0xff);
    int sdesLength = 4 * ((((p[sdes + 2] & 0xff) << 8) | (p[sdes + 3] & 0xff)) + 1);
    assertEquals(p.length, sdes + sdesLength);
    assertEquals(1, p[sdes + 8], "CNAME item");
    long seconds = u32(p, 8);
    long fraction = u32(p, 12);
    return new ClockSample(u32(p, 4), SenderReportBuilder.ntpToMicros(seconds, fraction), u32(p, 16), r.arrivalMicros());
  }

  private static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  @Test
  void ntpTimestampRoundTripsToTheMicrosecond() {
    for (long micros : new long[] {START, START + 1, START + 999_999, 0}) {
      byte[] sr = SenderReportBuilder.build(1, micros, 0, 0, 0, "x");
      assertEquals(micros, SenderReportBuilder.ntpToMicros(u32(sr, 8), u32(sr, 12)));
    }
    // 1970-01-01 is NTP second 2208988800 (RFC 868)
    assertEquals(2_208_988_800L, u32(SenderReportBuilder.build(1, 0, 0, 0, 0, "x"), 8));
  }

  @Test
  void runPrintsTheFirstSegmentAndASummary() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PipelineDemo.run(tmp.resolve("run"), new PipelineDemo.Options(3, 2, START), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("== first segment: "), out);
    assertTrue(out.contains("tracks/alice-cam/000000.tseg"), out);
    assertTrue(out.contains("tail clean: "), out);
    assertTrue(out.contains("total: 2 tracks, 4 segments, "), out);
  }

  @Test
  void refusesADirectoryThatHoldsARecording() throws IOException {
    Path dir = tmp.resolve("twice");
    PipelineDemo.record(dir, new PipelineDemo.Options(1, 1, START));
    assertThrows(IOException.class, () -> PipelineDemo.record(dir, new PipelineDemo.Options(1, 1, START)));
  }
}
