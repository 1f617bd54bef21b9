package io.tapline.pipeline.tools;

import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.segment.SegmentHeader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline end to end without a network: a synthetic VP8 camera and Opus microphone (with
 * RTCP sender reports) recorded into a recording directory the way the tap does it (segments
 * rolled at keyframes, the manifest rewritten atomically after each closed segment, events
 * appended as they happen), then read back: the first segment is dumped and the directory
 * summarised.
 *
 * <p>Run: {@code ./mvnw -B -q -pl pipeline -am compile exec:java
 * -Dexec.mainClass=io.tapline.pipeline.tools.PipelineDemo [-Dexec.args="DIR SECONDS SEGMENT_SECONDS"]}
 */
public final class PipelineDemo {
  static final String CONVERSATION = "demo-conversation";
  static final String PARTICIPANT = "alice";
  private static final String OPUS_FMTP = "minptime=10;useinbandfec=1";

  private PipelineDemo() {}

  /**
   * @param seconds length of the synthetic conversation
   * @param segmentSeconds how long a segment lasts before the next keyframe rolls it
   * @param startMicros wall-clock time the recording starts, epoch microseconds
   */
  public record Options(int seconds, int segmentSeconds, long startMicros) {
    public Options {
      if (seconds <= 0 || segmentSeconds <= 0) {
        throw new IllegalArgumentException("seconds and segmentSeconds must be positive");
      }
    }
  }

  /** What a recording directory holds, read back from its files. */
  public record Summary(Path directory, int tracks, int segments, long rtpPackets, long rtcpPackets, long bytes,
      int events) {}

  private record TrackPacket(SyntheticStream stream, TimedPacket packet) {}

  /** Records the synthetic conversation into {@code directory} (created; must not hold a recording). */
  public static Summary record(Path directory, Options o) throws IOException {
    RecordingDirectory dir = new RecordingDirectory(directory);
    if (Files.exists(dir.manifestFile())) {
      throw new IOException("a recording already exists in " + directory);
    }
    String recordingId = "demo-" + o.startMicros();
    List<SyntheticStream> streams = List.of(
        SyntheticStream.vp8("alice-cam", 0x1a2b3c4dL, 1),
        SyntheticStream.opus("alice-mic", 0x5e6f7081L, 2));
    long mediaStart = o.startMicros() + 1000;
    long end = mediaStart + o.seconds() * 1_000_000L;

    Manifest[] manifest = {Manifest.start(recordingId, CONVERSATION, o.startMicros())};
    for (SyntheticStream s : streams) {
      manifest[0] = manifest[0].withTrack(new ManifestTrack(s.trackId, PARTICIPANT, "Alice", s.kind, source(s),
          s.codec, s.payloadType, s.clockRate, channels(s), fmtp(s), Map.of(), s.ssrc, List.of(), List.of()));
    }
    dir.writeManifest(manifest[0]);

    List<TrackPacket> packets = new ArrayList<>();
    for (SyntheticStream s : streams) {
      s.generate(mediaStart, o.seconds()).forEach(p -> packets.add(new TrackPacket(s, p)));
    }
    packets.sort(Comparator.comparingLong(tp -> tp.packet().arrivalMicros()));

    try (EventLog events = dir.openEventLog()) {
      events.append(o.startMicros(), EventType.RECORDING_STARTED, null, null, Map.of());
      events.append(o.startMicros(), EventType.PARTICIPANT_JOINED, PARTICIPANT, null, Map.of("name", "Alice"));
      Map<SyntheticStream, RollingTrackWriter> writers = new LinkedHashMap<>();
      for (SyntheticStream s : streams) {
        events.append(o.startMicros(), EventType.TRACK_PUBLISHED, PARTICIPANT, s.trackId,
            Map.of("kind", s.kind, "codec", s.codec));
        SegmentHeader header = new SegmentHeader(recordingId, CONVERSATION, PARTICIPANT, s.trackId, s.kind, source(s),
            s.codec, s.payloadType, s.clockRate, channels(s), fmtp(s), Map.of(), s.ssrc, 0, null);
        writers.put(s, new RollingTrackWriter(dir, header, o.segmentSeconds() * 1_000_000L, (segment, reports) -> {
          manifest[0] = withSegment(manifest[0], s.trackId, segment, reports);
          dir.writeManifest(manifest[0]);
        }));
      }
      long speakerAt = mediaStart + 1_000_000L;
      boolean speakerTold = false;
      try {
        for (TrackPacket tp : packets) {
          if (!speakerTold && tp.packet().arrivalMicros() >= speakerAt) {
            events.append(speakerAt, EventType.ACTIVE_SPEAKER_CHANGED, PARTICIPANT, "alice-mic", Map.of());
            speakerTold = true;
          }
          writers.get(tp.stream()).write(tp.packet());
        }
      } finally {
        for (RollingTrackWriter w : writers.values()) {
          w.close();
        }
      }
      for (SyntheticStream s : streams) {
        events.append(end, EventType.TRACK_UNPUBLISHED, PARTICIPANT, s.trackId, Map.of());
      }
      events.append(end, EventType.PARTICIPANT_LEFT, PARTICIPANT, null, Map.of());
      manifest[0] = manifest[0].stopped(end);
      dir.writeManifest(manifest[0]);
      events.append(end, EventType.RECORDING_STOPPED, null, null, Map.of());
    }
    return summarize(directory);
  }

  private static Manifest withSegment(Manifest m, String trackId, SegmentEntry segment, List<ClockSample> reports) {
    ManifestTrack t = m.track(trackId).orElseThrow();
    return m.withTrack(t.withSegment(segment, reports));
  }

  private static String source(SyntheticStream s) {
    return s.isVideo() ? "camera" : "microphone";
  }

  private static Integer channels(SyntheticStream s) {
    return s.isVideo() ? null : 2;
  }

  private static String fmtp(SyntheticStream s) {
    return s.isVideo() ? null : OPUS_FMTP;
  }

  /** Counts what a recording directory holds, from its manifest, event log and segment files. */
  public static Summary summarize(Path directory) throws IOException {
    RecordingDirectory dir = new RecordingDirectory(directory);
    Manifest m = dir.readManifest();
    int segments = 0;
    long rtp = 0;
    long rtcp = 0;
    long bytes = 0;
    for (ManifestTrack t : m.tracks()) {
      for (SegmentEntry e : t.segments()) {
        segments++;
        rtp += e.rtpPackets();
        rtcp += e.rtcpPackets();
        bytes += Files.size(dir.resolve(e));
      }
    }
    return new Summary(directory, m.tracks().size(), segments, rtp, rtcp, bytes, dir.readEvents().size());
  }

  /** Records, dumps the first segment and prints where everything is. */
  public static void run(Path directory, Options o, PrintStream out) throws IOException {
    Summary s = record(directory, o);
    RecordingDirectory dir = new RecordingDirectory(directory);
    Manifest m = dir.readManifest();
    SegmentEntry first = m.tracks().get(0).segments().get(0);
    out.println("== first segment: " + dir.resolve(first));
    SegmentDump.dump(dir.resolve(first), out);
    out.println();
    out.println("== recording " + m.recordingId() + " in " + directory.toAbsolutePath());
    out.println("manifest: " + dir.manifestFile().toAbsolutePath());
    out.println("events:   " + dir.eventsFile().toAbsolutePath() + " (" + s.events() + " events)");
    for (ManifestTrack t : m.tracks()) {
      long rtp = t.segments().stream().mapToLong(SegmentEntry::rtpPackets).sum();
      long rtcp = t.segments().stream().mapToLong(SegmentEntry::rtcpPackets).sum();
      out.printf("track %-10s %-5s %-4s ssrc=0x%08x segments=%d rtp=%d rtcp=%d clock samples=%d%n", t.trackId(),
          t.kind(), t.codec(), t.ssrc(), t.segments().size(), rtp, rtcp, t.clock().size());
      for (SegmentEntry e : t.segments()) {
        out.printf("  %s  %s .. %s  %d bytes%s%n", e.file(), SegmentDump.isoMicros(e.firstArrivalMicros()),
            SegmentDump.isoMicros(e.lastArrivalMicros()), e.bytes(), e.startsWithKeyframe() ? "  keyframe" : "");
      }
    }
    out.printf("total: %d tracks, %d segments, %d RTP + %d RTCP packets, %d bytes%n", s.tracks(), s.segments(),
        s.rtpPackets(), s.rtcpPackets(), s.bytes());
  }

  /** {@code PipelineDemo [DIR] [SECONDS] [SEGMENT_SECONDS]}; DIR defaults to a new temporary directory. */
  public static void main(String[] args) throws IOException {
    Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tapline-demo-");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int segmentSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    long now = System.currentTimeMillis() * 1000L;
    run(directory, new Options(seconds, segmentSeconds, now), System.out);
  }
}
