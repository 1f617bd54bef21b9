package io.tapline.compositor.track;

/** Where a track's wall-clock times come from. */
public enum TimingSource {
  /** RTP timestamps mapped through the sender's RTCP sender reports (lip-sync capable). */
  SENDER_REPORTS,
  /** RTP timestamps anchored on packet arrival times: no sender report was recorded. */
  ARRIVAL_TIMES
}
