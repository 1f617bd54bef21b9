package io.tapline.sfu.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.codec.Vp8Depacketizer;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tap against a simulated publisher that answers PLIs with a keyframe (and otherwise never
 * sends one), so segment starts can only be keyframes if the tap asked for them.
 */
class TapRecordingTest {
  @TempDir Path dir;

  /** A publisher of VP8 (2 packets a frame) and Opus at 50 frames/s, sending an SR every 25 frames on each track. */
  static final class Publisher {
    final UdpPeer videoRtp = new UdpPeer();
    final UdpPeer videoRtcp = new UdpPeer();
    final UdpPeer audio = new UdpPeer();
    final PublishEndpoint video;
    final PublishEndpoint sound;
    int frame;
    int videoSeq = 1000;
    int keyframesSent;

    Publisher(PublishEndpoint video, PublishEndpoint sound) throws Exception {
      this.video = video;
      this.sound = sound;
    }

    static byte[] senderReport(long ssrc, long rtpTimestamp, long packets) {
      long ntp = NtpTime.fromUnixMicros(System.currentTimeMillis() * 1000);
      return RtcpCompound.toBytes(List.of(new SenderReport(ssrc, ntp, rtpTimestamp, packets, 0, List.of())));
    }

    void run(long millis) throws Exception {
      long end = System.nanoTime() + millis * 1_000_000;
      while (System.nanoTime() < end) {
        boolean key = frame == 0;
        for (UdpPeer.Datagram d = videoRtcp.receive(0); d != null; d = videoRtcp.receive(0)) {
          if ((d.data()[1] & 0xff) == RtcpPacket.PSFB) {
            key = true;
          }
        }
        if (key) {
          keyframesSent++;
        }
        long ts = 3000L * frame;
        videoRtp.send(new RtpBuilder().ssrc(0x7001L).seq(videoSeq++).ts(ts).vp8(true, key, 300).build(), video.rtp());
        videoRtp.send(new RtpBuilder().ssrc(0x7001L).seq(videoSeq++).ts(ts).marker(true).vp8(false, key, 200).build(),
            video.rtp());
        audio.send(new RtpBuilder().pt(111).ssrc(0xa100L).seq(frame).ts(960L * frame).build(), sound.rtp());
        if (frame % 25 == 0) {
          audio.send(senderReport(0xa100L, 960L * frame, frame), sound.rtcp());
        }
        if (frame % 25 == 5) { // tells the SFU where this publisher takes RTCP (its PLIs)
          videoRtcp.send(senderReport(0x7001L, ts, frame), video.rtcp());
        }
        frame++;
        Thread.sleep(20);
      }
    }
  }

  @Test
  void recordsKeyframeAlignedSegmentsWithClockSamplesAndOrderedEvents() throws Exception {
    List<String> sunk = new CopyOnWriteArrayList<>();
    TapConfig config = TapConfig.defaults().withSegmentDuration(Duration.ofMillis(600))
        .withRollGrace(Duration.ofMillis(400)).withFlushInterval(Duration.ofMillis(100))
        .withSink((rec, track, segment, file) -> sunk.add(segment.file()));
    try (UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), config,
        new SimpleMeterRegistry())) {
      Publisher pub = new Publisher(plane.publish(Specs.video("c1", "alice", "v1")),
          plane.publish(Specs.audio("c1", "alice", "a1")));
      pub.run(300); // the conversation is under way, the last keyframe long gone
      TapRecording recording = plane.start("c1", "rec1", dir);
      assertThrows(IllegalStateException.class, () -> plane.start("c1", "rec2", dir.resolve("other")));
      pub.run(1500);
      recording.pause();
      recording.event(EventType.TRACK_MUTED, "alice", "a1", Map.of());
      plane.setMuted("c1", "a1", true);
      pub.run(300);
      plane.setMuted("c1", "a1", false);
      recording.event(EventType.TRACK_UNMUTED, "alice", "a1", Map.of());
      recording.resume();
      pub.run(1000);
      recording.stop();
      recording.stop(); // idempotent
      assertEquals(TapRecording.State.STOPPED, recording.state());

      RecordingDirectory rd = new RecordingDirectory(dir);
      Manifest manifest = rd.readManifest();
      assertNotNull(manifest.stoppedMicros());
      ManifestTrack video = manifest.track("v1").orElseThrow();
      ManifestTrack audio = manifest.track("a1").orElseThrow();
      assertTrue(video.segments().size() >= 3, "rolled by duration and after the resume: " + video.segments());
      assertTrue(audio.segments().size() >= 3, "audio rolls by duration: " + audio.segments());
      for (SegmentEntry s : video.segments()) {
        assertTrue(s.startsWithKeyframe(), "segment " + s.file());
        SegmentContents c = SegmentReader.readAll(rd.resolve(s));
        assertTrue(c.tail().clean());
        SegmentRecord first = c.records().stream().filter(r -> r.type() == RecordType.RTP).findFirst().orElseThrow();
        assertTrue(Vp8Depacketizer.isKeyframeStart(RtpPacket.parse(first.data())), "first packet of " + s.file());
        assertEquals(s.rtpPackets(), c.records().stream().filter(r -> r.type() == RecordType.RTP).count());
        assertEquals(s.rtcpPackets(), c.records().stream().filter(r -> r.type() == RecordType.RTCP).count());
        assertContiguous(c.records());
      }
      // the publisher only sends keyframes when asked: every segment start was requested by the tap
      assertTrue(pub.keyframesSent >= video.segments().size() + 1);
      assertFalse(audio.clock().isEmpty(), "sender reports became clock samples");
      assertEquals(0xa100L, audio.clock().get(0).ssrc());
      long rtcpRecords = audio.segments().stream().mapToLong(SegmentEntry::rtcpPackets).sum();
      assertTrue(rtcpRecords >= 3, "sender reports are in the segments too: " + rtcpRecords);
      assertEquals(video.segments().size() + audio.segments().size(), sunk.size());

      List<ManifestEvent> events = rd.readEvents();
      List<EventType> types = events.stream().map(ManifestEvent::type).toList();
      assertEquals(List.of(EventType.RECORDING_STARTED, EventType.RECORDING_PAUSED, EventType.TRACK_MUTED,
          EventType.TRACK_UNMUTED, EventType.RECORDING_RESUMED, EventType.RECORDING_STOPPED), types);
      for (int i = 1; i < events.size(); i++) {
        assertTrue(events.get(i).timeMicros() >= events.get(i - 1).timeMicros());
      }
      long pausedAt = events.get(1).timeMicros();
      long resumedAt = events.get(4).timeMicros();
      assertTrue(resumedAt - pausedAt >= 250_000);
      for (ManifestTrack t : List.of(video, audio)) {
        for (SegmentEntry s : t.segments()) {
          for (SegmentRecord r : SegmentReader.readAll(rd.resolve(s)).records()) {
            assertFalse(r.arrivalMicros() > pausedAt && r.arrivalMicros() < resumedAt, "nothing written while paused");
          }
        }
      }
      assertTrue(Files.exists(dir.resolve("events.jsonl")));
    }
  }

  static void assertContiguous(List<SegmentRecord> records) throws Exception {
    int previous = -1;
    for (SegmentRecord r : records) {
      if (r.type() != RecordType.RTP) {
        continue;
      }
      int seq = RtpPacket.parse(r.data()).sequenceNumber();
      if (previous >= 0) {
        assertEquals((previous + 1) & 0xffff, seq, "no packet lost inside a segment");
      }
      previous = seq;
    }
  }
}
