package io.tapline.sfu.tap;

import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentWriter;
import io.tapline.sfu.codec.KeyframeBoundary;
import io.tapline.sfu.media.TrackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one track of a recording into its segment files. Decides where segments start: audio
 * rolls every {@code segmentDuration}; video starts each segment at the first packet of a keyframe
 * (requesting one {@code keyframeLead} before the roll is due, and rolling anyway after {@code
 * rollGrace}), and waits for a keyframe at the start and after a resume. A new publisher SSRC
 * starts a new segment, so each file has one SSRC. Writer thread only.
 */
final class TrackRecorder {
  /** What the recorder tells its recording. */
  interface Owner {
    void requestKeyframe(String trackId);

    void segmentClosed(ManifestTrack track, SegmentEntry entry, Path file);
  }

  private final TrackSpec spec;
  private final String recordingId;
  private final String conversationId;
  private final RecordingDirectory directory;
  private final TapConfig config;
  private final Owner owner;
  private final java.util.function.Consumer<String> drops;
  private final KeyframeBoundary keyframes;
  private final boolean video;
  private ManifestTrack track;

  private SegmentWriter writer;
  private Path file;
  private int nextIndex;
  private long segmentStartMicros;
  private boolean segmentStartsWithKeyframe;
  private long rtpRecords;
  private long rtcpRecords;
  private long firstMicros;
  private long lastMicros;
  private long ssrc = -1;
  private final List<ClockSample> clock = new ArrayList<>();
  private long waitingSinceMicros = -1;
  private long lastKeyframeRequestMicros = -1;
  private boolean rollKeyframeRequested;
  private long recordsWritten;

  TrackRecorder(TrackSpec spec, String recordingId, String conversationId, RecordingDirectory directory, TapConfig config, Owner owner,
      java.util.function.Consumer<String> drops) {
    RecordingDirectory.checkTrackId(spec.trackId());
    this.spec = spec;
    this.recordingId = recordingId;
    this.conversationId = conversationId;
    this.directory = directory;
    this.config = config;
    this.owner = owner;
    this.drops = drops;
    this.keyframes = new KeyframeBoundary(spec.codec());
    this.video = spec.isVideo();
    this.track = new ManifestTrack(spec.trackId(), spec.participantId(), spec.participantName(), spec.kind(),
        spec.source(), spec.codec(), spec.payloadType(), spec.clockRate(), spec.channels(), spec.fmtp(),
        spec.extmap(), spec.ssrc() == null ? 0 : spec.ssrc(), List.of(), List.of());
  }

  ManifestTrack manifestTrack() {
    return track;
  }

  void rtp(long micros, byte[] data) throws IOException {
    RtpPacket packet;
    try {
      packet = RtpPacket.parse(data);
    } catch (MalformedPacketException e) {
      drops.accept(e.reason());
      return;
    }
    boolean keyframeStart = video && keyframes.isKeyframeStart(packet);
    if (writer != null && packet.ssrc() != ssrc) {
      closeSegment(); // publisher restarted: one SSRC per segment file
      waitingSinceMicros = -1;
    }
    if (writer == null) {
      if (video && !keyframeStart) {
        if (waitingSinceMicros < 0) {
          waitingSinceMicros = micros;
        }
        if (micros - waitingSinceMicros < config.firstKeyframeWait().toNanos() / 1000) {
          requestKeyframe(micros);
          drops.accept("tap.awaiting_keyframe");
          return;
        }
      }
      open(micros, packet.ssrc(), keyframeStart);
    } else {
      long age = micros - segmentStartMicros;
      long due = config.segmentDuration().toNanos() / 1000;
      if (age >= due) {
        boolean graceOver = age >= due + config.rollGrace().toNanos() / 1000 && keyframes.frameStart();
        if (!video || keyframeStart || graceOver) {
          closeSegment();
          open(micros, packet.ssrc(), keyframeStart);
        } else {
          requestKeyframe(micros); // overdue: keep asking (throttled) until the keyframe comes or the grace ends
        }
      } else if (video && !rollKeyframeRequested && age >= due - lead(due)) {
        rollKeyframeRequested = true;
        requestKeyframe(micros);
      }
    }
    append(RecordType.RTP, micros, data);
    rtpRecords++;
  }

  void rtcp(long micros, byte[] data) throws IOException {
    List<RtcpPacket> packets;
    try {
      packets = RtcpCompound.parse(data);
    } catch (MalformedPacketException e) {
      drops.accept(e.reason());
      return;
    }
    for (RtcpPacket p : packets) {
      if (p instanceof SenderReport sr) {
        clock.add(new ClockSample(sr.ssrc(), NtpTime.toUnixMicros(sr.ntpTimestamp()), sr.rtpTimestamp(), micros));
      }
    }
    if (writer != null) {
      append(RecordType.RTCP, micros, data);
      rtcpRecords++;
    } // before the first segment the report is kept as a clock sample only
  }

  /** After a pause the decoder's references are gone: video restarts at a keyframe in a new segment. */
  void resumed(long micros) throws IOException {
    if (video) {
      closeSegment();
      waitingSinceMicros = -1;
      keyframes.reset();
      requestKeyframe(micros);
    }
  }

  /** Records appended over the whole recording. */
  long recordsWritten() {
    return recordsWritten;
  }

  void flush() throws IOException {
    if (writer != null) {
      writer.flush();
    }
  }

  void close() throws IOException {
    closeSegment();
  }

  /** The keyframe lead, at most half a segment: longer, it would ask before the previous keyframe was used. */
  private long lead(long dueMicros) {
    return Math.min(config.keyframeLead().toNanos() / 1000, dueMicros / 2);
  }

  private void append(RecordType type, long micros, byte[] data) throws IOException {
    writer.append(type, micros, data);
    recordsWritten++;
    if (firstMicros == 0) {
      firstMicros = micros;
    }
    lastMicros = micros;
  }

  private void requestKeyframe(long micros) {
    // the plane rate-limits PLIs too; this only avoids flooding its queue while waiting
    if (lastKeyframeRequestMicros < 0 || micros - lastKeyframeRequestMicros >= 500_000) {
      lastKeyframeRequestMicros = micros;
      owner.requestKeyframe(spec.trackId());
    }
  }

  private void open(long micros, long packetSsrc, boolean startsWithKeyframe) throws IOException {
    int index = nextIndex++;
    file = directory.segmentFile(spec.trackId(), index);
    Files.createDirectories(file.getParent());
    SegmentHeader header = new SegmentHeader(recordingId, conversationId, spec.participantId(), spec.trackId(), spec.kind(),
        spec.source(), spec.codec(), spec.payloadType(), spec.clockRate(), spec.channels(), spec.fmtp(),
        spec.extmap(), packetSsrc, index, null);
    writer = SegmentWriter.create(file, header);
    if (track.segments().isEmpty() && spec.ssrc() == null) {
      track = withSsrc(track, packetSsrc);
    }
    ssrc = packetSsrc;
    segmentStartMicros = micros;
    segmentStartsWithKeyframe = startsWithKeyframe;
    rtpRecords = 0;
    rtcpRecords = 0;
    firstMicros = 0;
    rollKeyframeRequested = false;
    waitingSinceMicros = -1;
  }

  private void closeSegment() throws IOException {
    if (writer == null) {
      return;
    }
    SegmentWriter w = writer;
    writer = null;
    w.close();
    String relative = RecordingDirectory.segmentPath(spec.trackId(), w.header().segmentIndex());
    SegmentEntry entry = new SegmentEntry(w.header().segmentIndex(), relative, firstMicros, lastMicros, rtpRecords,
        rtcpRecords, w.bytesWritten(), video && segmentStartsWithKeyframe);
    track = track.withSegment(entry, clock);
    clock.clear();
    owner.segmentClosed(track, entry, file);
  }

  private static ManifestTrack withSsrc(ManifestTrack t, long ssrc) {
    return new ManifestTrack(t.trackId(), t.participantId(), t.participantName(), t.kind(), t.source(), t.codec(),
        t.payloadType(), t.clockRate(), t.channels(), t.fmtp(), t.extmap(), ssrc, t.segments(), t.clock());
  }
}
