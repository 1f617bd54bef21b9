package io.tapline.compositor.track;

import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.pipeline.segment.SegmentTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every segment of a track: the ones the manifest lists, then any later segment file on disk
 * that a crash kept out of the manifest. Missing files, damaged tails, foreign packets and
 * duplicates are skipped and reported; what can be read is kept.
 */
public final class TrackReader {
  private static final Logger log = LoggerFactory.getLogger(TrackReader.class);

  private final RecordingDirectory dir;

  public TrackReader(RecordingDirectory dir) {
    this.dir = dir;
  }

  public TrackPackets read(ManifestTrack track, SkipLog skips) throws IOException {
    String id = track.trackId();
    SsrcRuns runs = new SsrcRuns(track.clockRate());
    for (Path file : segmentFiles(track, skips)) {
      SegmentReader reader;
      try {
        reader = SegmentReader.open(file);
      } catch (IOException | RuntimeException e) {
        skips.add(id, "segment.unreadable", 1, file.getFileName() + ": " + e.getMessage());
        continue;
      }
      try (reader) {
        // the tap writes one SSRC per file (a simulcast layer switch or a publisher restart starts a new one)
        long headerSsrc = reader.header().map(SegmentHeader::ssrc).orElse(0L);
        long ssrc = headerSsrc != 0 ? headerSsrc : track.ssrc();
        for (SegmentRecord rec = reader.next(); rec != null; rec = reader.next()) {
          if (rec.type() == RecordType.RTCP) {
            try {
              ReceivedSenderReport.fromCompound(rec.data(), rec.arrivalMicros()).forEach(runs::report);
            } catch (MalformedPacketException e) {
              skips.add(id, "rtcp.malformed", 1, "unparseable RTCP record (" + e.reason() + ")");
            }
            continue;
          }
          RtpPacket p;
          try {
            p = RtpPacket.parse(rec.data());
          } catch (MalformedPacketException e) {
            skips.add(id, "rtp.malformed", 1, "unparseable RTP record");
            continue;
          }
          if (p.payloadType() != track.payloadType() || (ssrc != 0 && p.ssrc() != ssrc)) {
            // RTX, FEC or another stream on the same track: not media of this track
            skips.add(id, "rtp.foreign", 1, "payload type or SSRC not the segment's");
            continue;
          }
          runs.packet(rec.arrivalMicros(), p);
        }
        SegmentTail tail = reader.tail();
        if (tail != null && !tail.clean()) {
          skips.add(id, "segment.damaged_tail", 1, file.getFileName() + " " + tail.reason()
              + ", " + tail.damagedBytes() + " bytes after offset " + tail.validBytes());
        }
      }
    }
    if (runs.runCount() > 1) {
      log.info("track {}: {} SSRC runs (simulcast layer switches or publisher restarts) joined on one timeline", id,
          runs.runCount());
    }
    List<OrderedPacket> packets = new ArrayList<>(runs.packets());
    packets.sort(Comparator.comparingLong(OrderedPacket::seq));
    List<OrderedPacket> unique = new ArrayList<>(packets.size());
    long dup = 0;
    for (OrderedPacket p : packets) {
      if (!unique.isEmpty() && unique.get(unique.size() - 1).seq() == p.seq()) {
        dup++;
      } else {
        unique.add(p);
      }
    }
    skips.add(id, "rtp.duplicate", dup, "retransmitted or repeated packets");
    List<ReceivedSenderReport> extended = unique.isEmpty() ? List.of() : runs.reports();
    log.debug("track {}: {} packets, {} sender reports", id, unique.size(), extended.size());
    return new TrackPackets(track, unique, extended);
  }

  /** Segment files in order: the manifest's, then unlisted ones found on disk (after a crash). */
  List<Path> segmentFiles(ManifestTrack track, SkipLog skips) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (SegmentEntry e : track.segments()) {
      Path p = dir.resolve(e);
      if (Files.isRegularFile(p)) {
        files.add(p.normalize());
      } else {
        skips.add(track.trackId(), "segment.missing", 1, e.file());
      }
    }
    Path trackDir = dir.path().resolve(RecordingDirectory.TRACKS).resolve(track.trackId());
    if (Files.isDirectory(trackDir)) {
      try (Stream<Path> s = Files.list(trackDir)) {
        s.filter(p -> p.getFileName().toString().endsWith(".tseg"))
            .map(Path::normalize)
            .sorted()
            .filter(p -> !files.contains(p))
            .forEach(files::add);
      }
    }
    List<Path> ordered = new ArrayList<>(files);
    ordered.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return ordered;
  }
}
