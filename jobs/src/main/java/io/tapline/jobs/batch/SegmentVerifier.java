package io.tapline.jobs.batch;

import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentFormatException;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Checks a recording's segment files against its manifest before anything is uploaded: every
 * listed segment is there (locally, or already stored), has the listed size, belongs to its track,
 * reads to the end with valid checksums and holds the listed numbers of RTP and RTCP records.
 */
public final class SegmentVerifier {

  /** What was checked. */
  public record Report(int tracks, int segments, int alreadyStored, long bytes) {}

  /**
   * @param stored whether a segment absent from the directory is already in storage
   * @throws SegmentVerificationException listing every problem found
   */
  public Report verify(RecordingDirectory dir, Manifest manifest, Predicate<SegmentRef> stored)
      throws IOException {
    List<String> problems = new ArrayList<>();
    int segments = 0;
    int alreadyStored = 0;
    long bytes = 0;
    for (ManifestTrack t : manifest.tracks()) {
      for (SegmentEntry e : t.segments()) {
        segments++;
        Path file = dir.resolve(e);
        if (!Files.isRegularFile(file)) {
          if (stored.test(new SegmentRef(t.trackId(), e.index(), e.bytes()))) {
            alreadyStored++;
          } else {
            problems.add(e.file() + ": missing, and not in storage");
          }
          continue;
        }
        long size = Files.size(file);
        if (size != e.bytes()) {
          problems.add(e.file() + ": " + size + " bytes, manifest says " + e.bytes());
          continue;
        }
        bytes += size;
        check(file, t, e).ifPresent(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new SegmentVerificationException(manifest.recordingId(), problems);
    }
    return new Report(manifest.tracks().size(), segments, alreadyStored, bytes);
  }

  private static java.util.Optional<String> check(Path file, ManifestTrack t, SegmentEntry e)
      throws IOException {
    SegmentContents c;
    try {
      c = SegmentReader.readAll(file);
    } catch (SegmentFormatException ex) {
      return java.util.Optional.of(e.file() + ": " + ex.getMessage());
    }
    if (c.header() == null) {
      return java.util.Optional.of(e.file() + ": no header");
    }
    if (!t.trackId().equals(c.header().trackId())) {
      return java.util.Optional.of(e.file() + ": belongs to track " + c.header().trackId());
    }
    if (!c.tail().clean()) {
      return java.util.Optional.of(e.file() + ": damaged after " + c.tail().validBytes()
          + " bytes (" + c.tail().reason() + ")");
    }
    long rtp = 0;
    long rtcp = 0;
    for (SegmentRecord r : c.records()) {
      if (r.type() == RecordType.RTP) {
        rtp++;
      } else if (r.type() == RecordType.RTCP) {
        rtcp++;
      }
    }
    if (rtp != e.rtpPackets() || rtcp != e.rtcpPackets()) {
      return java.util.Optional.of(e.file() + ": " + rtp + " RTP + " + rtcp
          + " RTCP records, manifest says " + e.rtpPackets() + " + " + e.rtcpPackets());
    }
    return java.util.Optional.empty();
  }

  /** A segment of a track, as the manifest lists it. */
  public record SegmentRef(String trackId, int index, long bytes) {}
}
