package io.tapline.compositor.track;

import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
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
    SequenceUnwrapper seqs = SequenceUnwrapper.sequenceNumbers();
    SequenceUnwrapper stamps = SequenceUnwrapper.timestamps();
    List<OrderedPacket> packets = new ArrayList<>();
    List<SenderReport> reports = new ArrayList<>();
    for (Path file : segmentFiles(track, skips)) {
      SegmentReader reader;
      try {
        reader = SegmentReader.open(file);
      } catch (IOException | RuntimeException e) {
        skips.add(id, "segment.unreadable", 1, file.getFileName() + ": " + e.getMessage());
        continue;
      }
      try (reader) {
        for (SegmentRecord rec = reader.next(); rec != null; rec = reader.next()) {
          if (rec.type() == RecordType.RTCP) {
            for (SenderReport sr : SenderReport.parseCompound(rec.data(), rec.arrivalMicros())) {
              if (sr.ssrc() == track.ssrc() || track.ssrc() == 0) {
                reports.add(sr);
              }
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
          if (p.payloadType() != track.payloadType() || (track.ssrc() != 0 && p.ssrc() != track.ssrc())) {
            // RTX, FEC or another stream on the same track: not media of this track
            skips.add(id, "rtp.foreign", 1, "payload type or SSRC not the track's");
            continue;
          }
          packets.add(new OrderedPacket(
              seqs.unwrap(p.sequenceNumber()), stamps.unwrap(p.timestamp()), rec.arrivalMicros(), p));
        }
        SegmentTail tail = reader.tail();
        if (tail != null && !tail.clean()) {
          skips.add(id, "segment.damaged_tail", 1, file.getFileName() + " " + tail.reason()
              + ", " + tail.damagedBytes() + " bytes after offset " + tail.validBytes());
        }
      }
    }
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
    List<SenderReport> extended = new ArrayList<>();
    for (SenderReport sr : reports) {
      long ref = nearestTimestamp(unique, sr.arrivalMicros());
      if (ref != Long.MIN_VALUE) {
        extended.add(new SenderReport(sr.ssrc(), sr.ntpMicros(), SequenceUnwrapper.near(ref, sr.rtpTimestamp(), 32),
            sr.arrivalMicros()));
      }
    }
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

  private static long nearestTimestamp(List<OrderedPacket> packets, long arrivalMicros) {
    long best = Long.MIN_VALUE;
    long bestDistance = Long.MAX_VALUE;
    for (OrderedPacket p : packets) {
      long d = Math.abs(p.arrivalMicros() - arrivalMicros);
      if (d < bestDistance) {
        bestDistance = d;
        best = p.timestamp();
      }
    }
    return best;
  }
}
