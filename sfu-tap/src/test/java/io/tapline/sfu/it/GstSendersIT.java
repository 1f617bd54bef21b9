package io.tapline.sfu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.codec.Vp8Depacketizer;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.tap.TapRecording;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.GstSender;
import io.tapline.sfu.testing.LoopbackCapture;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.Tools;
import io.tapline.sfu.testing.TrackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three GStreamer processes publish VP8 + Opus over plain RTP/RTCP into one conversation; two
 * Java subscribers take every track; a recording starts mid-conversation. What the senders sent is
 * counted independently by tshark on the loopback interface.
 */
class GstSendersIT {
  static final String CONV = "it-conv";
  @TempDir Path tmp;

  @Test
  void threeRealSendersTwoSubscribersAndAMidConversationRecording() throws Exception {
    assumeTrue(Tools.gstElements("rtpbin", "vp8enc", "rtpvp8pay", "opusenc", "rtpopuspay", "udpsrc", "udpsink"),
        "GStreamer with vpx/opus/rtp plugins is needed");
    assumeTrue(Tools.available("tshark", "-v"), "tshark is needed to count what the senders sent");
    TapConfig tapConfig = TapConfig.defaults().withSegmentDuration(Duration.ofSeconds(2))
        .withFlushInterval(Duration.ofMillis(200));
    Path recordingDir = tmp.resolve("rec");
    try (UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults(), tapConfig, new SimpleMeterRegistry())) {
      Map<String, PublishEndpoint> endpoints = new LinkedHashMap<>();
      Map<String, TrackSpec> specs = new LinkedHashMap<>();
      for (int p = 0; p < 3; p++) {
        for (TrackSpec s : List.of(Specs.video(CONV, "p" + p, "v" + p), Specs.audio(CONV, "p" + p, "a" + p))) {
          specs.put(s.trackId(), s);
          endpoints.put(s.trackId(), plane.publish(s));
        }
      }
      Map<String, List<TrackReceiver>> receivers = new HashMap<>();
      for (String sub : List.of("s0", "s1")) {
        for (String track : specs.keySet()) {
          TrackReceiver r = new TrackReceiver(sub + "-" + track);
          receivers.computeIfAbsent(track, t -> new ArrayList<>()).add(r);
          plane.subscribe(CONV, sub, track, new SubscribeOptions(r.address(), null, false));
        }
      }
      List<Integer> rtpPorts = endpoints.values().stream().map(e -> e.rtp().getPort()).toList();
      LoopbackCapture capture = LoopbackCapture.start(tmp.resolve("senders.pcap"), rtpPorts);
      assumeTrue(capture != null, "tshark cannot capture on lo here");
      List<GstSender> senders = new ArrayList<>();
      TapRecording recording;
      try {
        for (int p = 0; p < 3; p++) {
          senders.add(new GstSender(endpoints.get("v" + p), endpoints.get("a" + p), p + 18,
              tmp.resolve("gst-" + p + ".log")));
        }
        Thread.sleep(3000);
        recording = plane.start(CONV, "rec-it", recordingDir); // mid-conversation: keyframes must be requested
        Thread.sleep(7000);
        recording.stop();
        Thread.sleep(1000);
        for (GstSender s : senders) {
          assertTrue(s.alive(), "a sender died: see " + tmp);
        }
      } finally {
        for (GstSender s : senders) {
          s.close();
        }
      }
      List<UdpDatagram> sent = capture.stop();
      Map<Integer, List<RtpPacket>> sentByPort = new HashMap<>();
      for (UdpDatagram d : sent) {
        sentByPort.computeIfAbsent(d.destinationPort(), k -> new ArrayList<>()).add(RtpPacket.parse(d.payload()));
      }
      // the SFU may still be forwarding the last packets (a loaded machine can lag by more than a
      // fixed pause): wait, bounded, until each subscriber has what the check below asks for
      // (the per-track assertions below report what is missing if that never happens)
      long caughtUpBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.TIMEOUT_MILLIS);
      while (System.nanoTime() < caughtUpBy && !endpoints.entrySet().stream().allMatch(e -> receivers
          .get(e.getKey()).stream().allMatch(r -> r.packets().size()
              >= Math.ceil(sentByPort.getOrDefault(e.getValue().rtp().getPort(), List.of()).size() * 0.999)))) {
        Thread.sleep(50);
      }
      for (List<TrackReceiver> rs : receivers.values()) {
        for (TrackReceiver r : rs) {
          r.close();
        }
      }

      // 1. every subscriber got at least 99.9% of what each sender sent, per track
      StringBuilder report = new StringBuilder();
      for (Map.Entry<String, PublishEndpoint> e : endpoints.entrySet()) {
        int sentCount = sentByPort.getOrDefault(e.getValue().rtp().getPort(), List.of()).size();
        assertTrue(sentCount > 100, e.getKey() + " sent only " + sentCount);
        for (TrackReceiver r : receivers.get(e.getKey())) {
          int got = r.packets().size();
          report.append(e.getKey()).append(": sent ").append(sentCount).append(" got ").append(got).append('\n');
          assertTrue(got >= Math.ceil(sentCount * 0.999), e.getKey() + " sent " + sentCount + ", subscriber got " + got);
          assertEquals(0, r.malformed());
        }
      }
      System.out.print(report);

      // 2. the recording: keyframe-first video segments, and every frame sent in its window
      RecordingDirectory rd = new RecordingDirectory(recordingDir);
      Manifest manifest = rd.readManifest();
      assertEquals(6, manifest.tracks().size());
      for (ManifestTrack track : manifest.tracks()) {
        List<RtpPacket> recorded = new ArrayList<>();
        assertTrue(track.segments().size() >= 2, track.trackId() + " segments " + track.segments());
        for (SegmentEntry s : track.segments()) {
          SegmentContents c = SegmentReader.readAll(rd.resolve(s));
          assertTrue(c.tail().clean());
          List<RtpPacket> rtp = new ArrayList<>();
          for (SegmentRecord r : c.records()) {
            if (r.type() == RecordType.RTP) {
              rtp.add(RtpPacket.parse(r.data()));
            }
          }
          if (track.isVideo()) {
            assertTrue(s.startsWithKeyframe(), track.trackId() + " " + s);
            assertTrue(Vp8Depacketizer.isKeyframeStart(rtp.get(0)), "first packet of " + s.file());
          }
          recorded.addAll(rtp);
        }
        assertTrue(!track.clock().isEmpty(), "sender reports of " + track.trackId());
        List<RtpPacket> fromSender = sentByPort.get(endpoints.get(track.trackId()).rtp().getPort());
        int first = indexOfSeq(fromSender, recorded.get(0).sequenceNumber());
        int last = indexOfSeq(fromSender, recorded.get(recorded.size() - 1).sequenceNumber());
        List<RtpPacket> window = fromSender.subList(first, last + 1);
        assertEquals(window.size(), recorded.size(), track.trackId() + ": packets sent in the recording window");
        assertEquals(frames(window), frames(recorded), track.trackId() + ": frames sent in the recording window");
        System.out.println(track.trackId() + ": " + track.segments().size() + " segments, " + frames(recorded)
            + " frames recorded, " + track.clock().size() + " clock samples");
      }
      // the only acceptable drop: a sender report that overtook the first RTP packet of its SSRC
      Map<String, Long> drops = new HashMap<>(plane.stats(CONV).drops());
      drops.remove(io.tapline.sfu.forward.DropReasons.RTCP_UNKNOWN_SSRC);
      assertTrue(drops.isEmpty(), "drops: " + plane.stats(CONV).drops());
    }
  }

  static int indexOfSeq(List<RtpPacket> packets, int seq) {
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i).sequenceNumber() == seq) {
        return i;
      }
    }
    throw new AssertionError("sequence number " + seq + " was never sent");
  }

  static int frames(List<RtpPacket> packets) {
    Set<Long> ts = new HashSet<>();
    packets.forEach(p -> ts.add(p.timestamp()));
    return ts.size();
  }
}
