package io.tapline.pipeline.tools;

import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one track of the demo recording into {@code tracks/{trackId}/NNNNNN.tseg}, starting a
 * new segment once {@code segmentMicros} have passed, at the next keyframe for video (so every
 * video segment decodes on its own) and at the next RTP packet for audio. Each closed segment is
 * handed to {@code onClosed} with the sender reports it held, for the manifest.
 */
final class RollingTrackWriter implements Closeable {
  /** Told about each segment once it is closed and synced. */
  interface SegmentClosed {
    void closed(SegmentEntry segment, List<ClockSample> reports) throws IOException;
  }

  private final RecordingDirectory dir;
  private final SegmentHeader firstHeader;
  private final long segmentMicros;
  private final SegmentClosed onClosed;
  private SegmentWriter writer;
  private int index = -1;
  private long segmentStartMicros;
  private long rtp;
  private long rtcp;
  private boolean startsWithKeyframe;
  private boolean sawMedia;
  private final List<ClockSample> reports = new ArrayList<>();

  RollingTrackWriter(RecordingDirectory dir, SegmentHeader header, long segmentMicros,
      SegmentClosed onClosed) {
    if (segmentMicros <= 0) {
      throw new IllegalArgumentException("segment length must be positive");
    }
    this.dir = dir;
    this.firstHeader = header;
    this.segmentMicros = segmentMicros;
    this.onClosed = onClosed;
  }

  void write(TimedPacket p) throws IOException {
    boolean due = writer == null
        || (p.type() == RecordType.RTP && p.arrivalMicros() - segmentStartMicros >= segmentMicros
            && (!firstHeader.isVideo() || p.keyframeStart()));
    if (due) {
      roll(p.arrivalMicros());
    }
    writer.append(p.type(), p.arrivalMicros(), p.data());
    if (p.type() == RecordType.RTP) {
      if (!sawMedia) {
        startsWithKeyframe = p.keyframeStart();
        sawMedia = true;
      }
      rtp++;
    } else {
      rtcp++;
      if (p.clock() != null) {
        reports.add(p.clock());
      }
    }
  }

  private void roll(long nowMicros) throws IOException {
    closeSegment();
    index++;
    Path file = dir.segmentFile(firstHeader.trackId(), index);
    Files.createDirectories(file.getParent());
    writer = SegmentWriter.create(file, firstHeader.withSegmentIndex(index));
    segmentStartMicros = nowMicros;
    rtp = 0;
    rtcp = 0;
    sawMedia = false;
    startsWithKeyframe = false;
    reports.clear();
  }

  private void closeSegment() throws IOException {
    if (writer == null) {
      return;
    }
    writer.close(); // syncs: a segment is in the manifest only once it is durable
    Path file = dir.segmentFile(firstHeader.trackId(), index);
    SegmentEntry entry = new SegmentEntry(index, RecordingDirectory.segmentPath(firstHeader.trackId(), index),
        writer.header().firstPacketMicros() == null ? segmentStartMicros : writer.header().firstPacketMicros(),
        writer.lastArrivalMicros(), rtp, rtcp, Files.size(file), firstHeader.isVideo() && startsWithKeyframe);
    writer = null;
    onClosed.closed(entry, List.copyOf(reports));
  }

  /** Closes the open segment (if any). Idempotent. */
  @Override
  public void close() throws IOException {
    closeSegment();
  }
}
