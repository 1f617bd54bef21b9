package io.tapline.jobs.batch;

import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentFormat;
import io.tapline.pipeline.segment.SegmentFormatException;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the directory of a recording whose capture was interrupted (the process was killed while
 * it recorded), so that the finalize job can process it like a stopped one: each track's segments
 * the manifest does not list yet (the open ones, docs/segment-format.md section 3.3) are cut after
 * their last whole record (section 1.5: a torn last write is not data) and listed with their
 * counts and sender reports; the manifest gets {@code stoppedMicros}; the event log gets a
 * terminal {@code RECORDING_STOPPED} with {@code reason=interrupted}, both at the time of the last
 * record captured (not the time of the recovery, which is the {@code detectedAt} attribute).
 *
 * <p>Every step is idempotent: running it again (a crash during the recovery) lists nothing twice
 * and appends no second terminal event.
 */
public final class InterruptedCapture {
  private static final Logger log = LoggerFactory.getLogger(InterruptedCapture.class);
  public static final String REASON = "interrupted";

  /**
   * What {@link #close} did.
   *
   * @param closedNow false when the directory was already closed (by the tap, or an earlier run)
   * @param interrupted whether its stop is an interrupted one: false when the tap itself stopped
   *     it (the recording was not interrupted; nothing was changed)
   * @param endMicros the end of the capture: the last record or event written, epoch micros
   * @param segmentsListed open segments added to the manifest
   * @param bytesCut bytes of torn records cut off their files
   */
  public record Result(boolean closedNow, boolean interrupted, long endMicros, int segmentsListed,
      long bytesCut) {
    public Instant end() {
      return Instant.ofEpochSecond(0, endMicros * 1000);
    }
  }

  public Result close(RecordingDirectory dir, Instant detectedAt) throws IOException {
    Manifest m = dir.readManifest();
    List<ManifestEvent> events = EventLog.read(dir.eventsFile()).events();
    ManifestEvent stop = events.stream().filter(e -> e.type() == EventType.RECORDING_STOPPED)
        .findFirst().orElse(null);
    boolean stopEvent = stop != null;
    if (m.stoppedMicros() != null && stopEvent) {
      return new Result(false, REASON.equals(stop.attribute("reason")), m.stoppedMicros(), 0, 0);
    }
    int listed = 0;
    long cut = 0;
    for (ManifestTrack t : m.tracks()) {
      ManifestTrack closed = t;
      for (Path file : openSegments(dir, t)) {
        Salvaged s = salvage(dir, closed, file);
        if (s == null) {
          continue;
        }
        closed = withSegment(closed, s);
        listed++;
        cut += s.bytesCut;
      }
      if (closed != t) {
        m = m.withTrack(closed);
      }
    }
    long end = m.stoppedMicros() != null ? m.stoppedMicros() : end(m, events);
    dir.writeManifest(m.stopped(end));
    if (!stopEvent) {
      try (EventLog log = dir.openEventLog()) {
        log.append(end, EventType.RECORDING_STOPPED, null, null, Map.of(
            "recordingId", m.recordingId(), "reason", REASON,
            "detectedAt", detectedAt.toString()));
      }
    }
    log.warn("recording {}: capture interrupted; closed at {} (last record), {} open segment(s) "
        + "listed, {} torn byte(s) cut", m.recordingId(), Instant.ofEpochSecond(0, end * 1000),
        listed, cut);
    return new Result(true, true, end, listed, cut);
  }

  /** The end of the capture: its last record, or its last event when that is later. */
  static long end(Manifest m, List<ManifestEvent> events) {
    long end = m.startedMicros();
    for (ManifestTrack t : m.tracks()) {
      for (SegmentEntry e : t.segments()) {
        end = Math.max(end, e.lastArrivalMicros());
      }
    }
    for (ManifestEvent e : events) {
      end = Math.max(end, e.timeMicros());
    }
    return end;
  }

  /** Segment files of the track after the last one the manifest lists, in index order. */
  static List<Path> openSegments(RecordingDirectory dir, ManifestTrack t) throws IOException {
    int lastListed = t.segments().stream().mapToInt(SegmentEntry::index).max().orElse(-1);
    Path trackDir = dir.path().resolve(RecordingDirectory.TRACKS).resolve(t.trackId());
    TreeMap<Integer, Path> found = new TreeMap<>();
    if (!Files.isDirectory(trackDir)) {
      return List.of();
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(trackDir,
        "*" + SegmentFormat.FILE_SUFFIX)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        String digits = name.substring(0, name.length() - SegmentFormat.FILE_SUFFIX.length());
        if (digits.matches("[0-9]{6}") && Integer.parseInt(digits) > lastListed) {
          found.put(Integer.parseInt(digits), p);
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  private record Salvaged(SegmentEntry entry, List<ClockSample> clock, long ssrc, long bytesCut) {}

  /** Reads an open segment, cuts its torn tail; null when it holds nothing to keep. */
  private static Salvaged salvage(RecordingDirectory dir, ManifestTrack t, Path file)
      throws IOException {
    SegmentContents c;
    try {
      c = SegmentReader.readAll(file);
    } catch (SegmentFormatException e) {
      log.warn("{}: not readable ({}); left out of the recording", file, e.getMessage());
      return null;
    }
    if (c.header() == null || c.records().isEmpty()) {
      return null; // created, nothing written yet
    }
    if (!t.trackId().equals(c.header().trackId())) {
      log.warn("{}: belongs to track {}; left out of the recording", file, c.header().trackId());
      return null;
    }
    long cut = 0;
    if (!c.tail().clean()) {
      cut = c.tail().damagedBytes();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(c.tail().validBytes());
        ch.force(true);
      }
    }
    long rtp = 0;
    long rtcp = 0;
    boolean keyframe = false;
    boolean firstRtp = true;
    List<ClockSample> clock = new ArrayList<>();
    KeyframeDetector detector = t.isVideo() && Depacketizers.supports(t.codec())
        ? Depacketizers.keyframeDetector(t.codec()) : null;
    for (SegmentRecord r : c.records()) {
      if (r.type() == RecordType.RTP) {
        rtp++;
        if (firstRtp && detector != null) {
          keyframe = isKeyframe(detector, r.data());
        }
        firstRtp = false;
      } else if (r.type() == RecordType.RTCP) {
        rtcp++;
        clock.addAll(senderReports(r));
      }
    }
    List<SegmentRecord> records = c.records();
    int index = c.header().segmentIndex();
    SegmentEntry entry = new SegmentEntry(index, RecordingDirectory.segmentPath(t.trackId(), index),
        records.get(0).arrivalMicros(), records.get(records.size() - 1).arrivalMicros(), rtp, rtcp,
        c.tail().validBytes(), keyframe);
    return new Salvaged(entry, clock, c.header().ssrc(), cut);
  }

  private static boolean isKeyframe(KeyframeDetector detector, byte[] data) {
    try {
      return detector.isKeyframeStart(RtpPacket.parse(data));
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  private static List<ClockSample> senderReports(SegmentRecord r) {
    List<ClockSample> out = new ArrayList<>();
    try {
      for (RtcpPacket p : RtcpCompound.parse(r.data())) {
        if (p instanceof SenderReport sr) {
          out.add(new ClockSample(sr.ssrc(), NtpTime.toUnixMicros(sr.ntpTimestamp()),
              sr.rtpTimestamp(), r.arrivalMicros()));
        }
      }
    } catch (MalformedPacketException e) {
      // the tap writes only what it parsed; a record it could not is not a clock sample
    }
    return out;
  }

  /** As the tap does on close: the segment listed, its reports added, the SSRC of a first one. */
  private static ManifestTrack withSegment(ManifestTrack t, Salvaged s) {
    ManifestTrack base = t;
    if (t.segments().isEmpty() && t.ssrc() == 0) {
      base = new ManifestTrack(t.trackId(), t.participantId(), t.participantName(), t.kind(),
          t.source(), t.codec(), t.payloadType(), t.clockRate(), t.channels(), t.fmtp(),
          t.extmap(), s.ssrc, t.segments(), t.clock());
    }
    return base.withSegment(s.entry, s.clock);
  }
}
