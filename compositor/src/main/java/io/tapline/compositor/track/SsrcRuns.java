package io.tapline.compositor.track;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.SequenceNumberUnwrapper;
import io.tapline.pipeline.rtp.TimestampUnwrapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins the SSRC runs of one track into one stream of extended sequence numbers and timestamps.
 * The tap writes one SSRC per segment file, and a track's SSRC changes when the tap follows another
 * simulcast layer (each layer is its own RTP stream with its own random sequence and timestamp
 * bases, RFC 3550 section 5.1; RFC 8853) or when a publisher restarts. A run is a
 * stretch of consecutive packets with one SSRC, in the order the tap wrote them.
 *
 * <p>The first run keeps its own numbers. Each later run is moved to follow the one before: its
 * sequence numbers one past the next free number, so the gap breaks the depacketizer's reference
 * chain and it waits for a keyframe (the tap switches layers at a keyframe, so normally nothing is
 * lost), and its timestamps by the senders' NTP clock (RFC 3550 section 6.4.1: a report pairs an
 * RTP timestamp with the NTP time of the same instant, and one sender's layers share that clock),
 * or, when either side has no sender report, by the arrival time since the previous run's last
 * packet (also when the two disagree by more than {@link #MAX_DISAGREEMENT_MICROS}). Sender
 * reports of a run's SSRC are moved with it, so the track's clock reads every run.
 * Not thread-safe.
 */
final class SsrcRuns {
  /** How far a report-based placement may be from the arrival-based one (a loaded tap delays arrivals). */
  static final long MAX_DISAGREEMENT_MICROS = 5_000_000L;

  private final int clockRate;
  private final List<Run> runs = new ArrayList<>();
  private final List<ReceivedSenderReport> reports = new ArrayList<>();
  private boolean placed;

  private static final class Run {
    final long ssrc;
    final SequenceNumberUnwrapper seqs = new SequenceNumberUnwrapper();
    final TimestampUnwrapper stamps = new TimestampUnwrapper();
    final List<OrderedPacket> packets = new ArrayList<>(); // the run's own extended numbers
    final List<ReceivedSenderReport> reports = new ArrayList<>(); // extended near the run's packets
    long seqOffset;
    long tsOffset;

    Run(long ssrc) {
      this.ssrc = ssrc;
    }
  }

  SsrcRuns(int clockRate) {
    this.clockRate = clockRate;
  }

  /** A media packet of the track, in the order the tap wrote it. */
  void packet(long arrivalMicros, RtpPacket p) {
    placed = false;
    Run run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (run == null || run.ssrc != p.ssrc()) {
      run = new Run(p.ssrc());
      runs.add(run);
    }
    run.packets.add(new OrderedPacket(
        run.seqs.unwrap(p.sequenceNumber()), run.stamps.unwrap(p.timestamp()), arrivalMicros, p));
  }

  /** A sender report found among the track's records (of any SSRC; the ones of no run are ignored). */
  void report(ReceivedSenderReport sr) {
    placed = false;
    reports.add(sr);
  }

  /** How many SSRC runs the track has (1 for a track that never changed SSRC). */
  int runCount() {
    return runs.size();
  }

  /**
   * The packets on one numbering, in the order of the tap's writes (not yet sorted or de-duplicated).
   * Packets of later runs are rewritten (sequence number, timestamp, and the first run's SSRC), so a
   * depacketizer reading the packets themselves sees one stream.
   */
  List<OrderedPacket> packets() {
    placeRuns();
    List<OrderedPacket> out = new ArrayList<>();
    for (Run run : runs) {
      long ssrc = runs.get(0).ssrc;
      for (OrderedPacket p : run.packets) {
        long seq = p.seq() + run.seqOffset;
        long ts = p.timestamp() + run.tsOffset;
        RtpPacket packet = run == runs.get(0) ? p.packet() : rewrite(p.packet(), seq, ts, ssrc);
        out.add(new OrderedPacket(seq, ts, p.arrivalMicros(), packet));
      }
    }
    return out;
  }

  private static RtpPacket rewrite(RtpPacket p, long seq, long ts, long ssrc) {
    byte[] b = p.toBytes();
    ByteBuffer.wrap(b).putShort(2, (short) seq).putInt(4, (int) ts).putInt(8, (int) ssrc);
    try {
      return RtpPacket.parse(b);
    } catch (MalformedPacketException e) {
      throw new IllegalStateException("a parsed packet with new header numbers no longer parses", e);
    }
  }

  /** The runs' sender reports with timestamps on the numbering of {@link #packets()}, by arrival. */
  List<ReceivedSenderReport> reports() {
    placeRuns();
    List<ReceivedSenderReport> out = new ArrayList<>();
    for (Run run : runs) {
      for (ReceivedSenderReport sr : run.reports) {
        out.add(new ReceivedSenderReport(sr.ssrc(), sr.ntpMicros(), sr.rtpTimestamp() + run.tsOffset,
            sr.arrivalMicros()));
      }
    }
    out.sort(Comparator.comparingLong(ReceivedSenderReport::arrivalMicros));
    return out;
  }

  private void placeRuns() {
    if (placed) {
      return;
    }
    placed = true;
    attachReports();
    for (int i = 1; i < runs.size(); i++) {
      place(runs.get(i - 1), runs.get(i));
    }
  }

  /**
   * Gives each report to the run of its SSRC that had started when it arrived (or the first run of
   * that SSRC), its timestamp extended next to the packet of that run that arrived closest to it.
   */
  private void attachReports() {
    for (Run run : runs) {
      run.reports.clear();
    }
    for (ReceivedSenderReport sr : reports) {
      Run owner = null;
      for (Run run : runs) {
        if (run.ssrc != sr.ssrc()) {
          continue;
        }
        if (owner == null || run.packets.get(0).arrivalMicros() <= sr.arrivalMicros()) {
          owner = run;
        }
      }
      if (owner != null) {
        owner.reports.add(sr.extendedNear(nearestTimestamp(owner.packets, sr.arrivalMicros())));
      }
    }
  }

  /** Sets {@code run}'s offsets so it follows {@code previous} (whose offsets are set). */
  private void place(Run previous, Run run) {
    long prevMaxSeq = Long.MIN_VALUE;
    OrderedPacket prevLast = previous.packets.get(0);
    for (OrderedPacket p : previous.packets) {
      prevMaxSeq = Math.max(prevMaxSeq, p.seq());
      if (p.arrivalMicros() >= prevLast.arrivalMicros()) {
        prevLast = p;
      }
    }
    long minSeq = Long.MAX_VALUE;
    for (OrderedPacket p : run.packets) {
      minSeq = Math.min(minSeq, p.seq());
    }
    run.seqOffset = prevMaxSeq + previous.seqOffset + 2 - minSeq; // one number left out: a gap

    OrderedPacket first = run.packets.get(0);
    long lastUnified = prevLast.timestamp() + previous.tsOffset;
    long byArrival = lastUnified
        + Math.max(1, Math.round((first.arrivalMicros() - prevLast.arrivalMicros()) * (double) clockRate / 1e6))
        - first.timestamp();
    Long bySenderClock = bySenderClock(run, first.arrivalMicros());
    // reports that disagree with the arrival times by more than MAX_DISAGREEMENT_MICROS (a sender
    // whose NTP clock jumped, a restarted one with another clock) are not believed
    boolean believable = bySenderClock != null && first.timestamp() + bySenderClock > lastUnified
        && Math.abs(bySenderClock - byArrival) <= MAX_DISAGREEMENT_MICROS * (long) clockRate / 1_000_000L;
    run.tsOffset = believable ? bySenderClock : byArrival;
  }

  /**
   * The offset that puts {@code run}'s report of the sender's NTP time on the numbering of the
   * earlier runs' reports (the ones closest in arrival to {@code atMicros}); null without reports.
   */
  private Long bySenderClock(Run run, long atMicros) {
    ReceivedSenderReport own = closest(run.reports, atMicros);
    ReceivedSenderReport reference = null;
    long referenceOffset = 0;
    for (Run earlier : runs) {
      if (earlier == run) {
        break;
      }
      ReceivedSenderReport c = closest(earlier.reports, atMicros);
      if (c != null && (reference == null
          || Math.abs(c.arrivalMicros() - atMicros) < Math.abs(reference.arrivalMicros() - atMicros))) {
        reference = c;
        referenceOffset = earlier.tsOffset;
      }
    }
    if (own == null || reference == null) {
      return null;
    }
    long ticks = Math.round((own.ntpMicros() - reference.ntpMicros()) * (double) clockRate / 1e6);
    return reference.rtpTimestamp() + referenceOffset + ticks - own.rtpTimestamp();
  }

  private static ReceivedSenderReport closest(List<ReceivedSenderReport> reports, long atMicros) {
    ReceivedSenderReport best = null;
    for (ReceivedSenderReport r : reports) {
      if (best == null || Math.abs(r.arrivalMicros() - atMicros) < Math.abs(best.arrivalMicros() - atMicros)) {
        best = r;
      }
    }
    return best;
  }

  private static long nearestTimestamp(List<OrderedPacket> packets, long arrivalMicros) {
    OrderedPacket best = packets.get(0);
    for (OrderedPacket p : packets) {
      if (Math.abs(p.arrivalMicros() - arrivalMicros) < Math.abs(best.arrivalMicros() - arrivalMicros)) {
        best = p;
      }
    }
    return best.timestamp();
  }
}
