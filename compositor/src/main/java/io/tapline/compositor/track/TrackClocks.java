package io.tapline.compositor.track;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link TrackClock} of each track. With sender reports, a track's RTP time maps to the
 * sender's NTP clock; the sender's NTP clock maps to the tap's clock by one offset per participant
 * (the smallest {@code arrival - ntp} over all its reports, i.e. the least delayed one), shared by
 * the participant's tracks so their lip sync is exactly what the sender reported. Without sender
 * reports, the track's RTP time is anchored on its least delayed packet arrival.
 */
public final class TrackClocks {
  /** Drift estimates beyond this are treated as broken reports and ignored. */
  private static final double MAX_DRIFT = 0.005;
  /** Reports must span this long before their slope is trusted over the nominal clock rate. */
  private static final long MIN_SPAN_MICROS = 10_000_000L;

  private TrackClocks() {}

  /** Clocks for {@code tracks}, indexed like it; tracks with no packets get a null clock. */
  public static List<TrackClock> build(List<TrackPackets> tracks) {
    Map<String, Long> offsetByParticipant = new HashMap<>();
    for (TrackPackets t : tracks) {
      for (SenderReport sr : t.reports()) {
        long offset = sr.arrivalMicros() - sr.ntpMicros();
        offsetByParticipant.merge(participantKey(t), offset, Math::min);
      }
    }
    return tracks.stream().map(t -> clockOf(t, offsetByParticipant.get(participantKey(t)))).toList();
  }

  private static String participantKey(TrackPackets t) {
    String p = t.track().participantId();
    return p == null ? "track:" + t.track().trackId() : p;
  }

  private static TrackClock clockOf(TrackPackets t, Long ntpToTapOffset) {
    int rate = t.track().clockRate();
    if (!t.reports().isEmpty() && ntpToTapOffset != null) {
      List<SenderReport> r = t.reports();
      SenderReport first = r.get(0);
      SenderReport last = r.get(r.size() - 1);
      double ticksPerSecond = rate;
      long span = last.ntpMicros() - first.ntpMicros();
      if (span >= MIN_SPAN_MICROS) {
        double measured = (last.rtpTimestamp() - first.rtpTimestamp()) * 1_000_000.0 / span;
        if (Math.abs(measured / rate - 1) <= MAX_DRIFT) {
          ticksPerSecond = measured;
        }
      }
      return new TrackClock(first.rtpTimestamp(), first.ntpMicros() + ntpToTapOffset, ticksPerSecond,
          TimingSource.SENDER_REPORTS);
    }
    if (t.isEmpty()) {
      return null;
    }
    OrderedPacket firstPacket = t.packets().get(0);
    long best = Long.MAX_VALUE;
    for (OrderedPacket p : t.packets()) {
      long mediaMicros = Math.round((p.timestamp() - firstPacket.timestamp()) * 1_000_000.0 / rate);
      best = Math.min(best, p.arrivalMicros() - mediaMicros);
    }
    return new TrackClock(firstPacket.timestamp(), best, rate, TimingSource.ARRIVAL_TIMES);
  }
}
