package io.tapline.compositor.track;

/**
 * Maps a track's extended RTP timestamps to the recording's wall clock (tap clock, epoch micros):
 * {@code wall = anchorWall + (ts - anchorTs) * 1e6 / rate}. The rate comes from the sender reports
 * when they span long enough to measure it (sender clock drift), else the nominal clock rate.
 *
 * @param anchorTs an extended RTP timestamp
 * @param anchorWallMicros its wall-clock time on the tap's clock
 * @param ticksPerSecond the measured or nominal RTP clock rate
 * @param source how the anchor was found
 */
public record TrackClock(long anchorTs, long anchorWallMicros, double ticksPerSecond, TimingSource source) {

  public long wallMicros(long extendedTimestamp) {
    return anchorWallMicros + Math.round((extendedTimestamp - anchorTs) * 1_000_000.0 / ticksPerSecond);
  }
}
