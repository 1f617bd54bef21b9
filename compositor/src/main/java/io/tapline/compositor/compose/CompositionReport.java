package io.tapline.compositor.compose;

import io.tapline.compositor.track.Skip;
import io.tapline.compositor.track.TimingSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a composition produced.
 *
 * @param output the file (for HLS, the playlist)
 * @param videoCodec the encoder actually used
 * @param audioCodec the encoder actually used
 * @param durationMicros output length (recording minus pauses)
 * @param videoFrames pictures encoded
 * @param timing where each track's times came from
 * @param skips what was left out and why
 * @param elapsedMillis wall-clock time spent
 * @param layoutChanges how many times the scene changed
 */
public record CompositionReport(Path output, String videoCodec, String audioCodec, int width, int height, int fps,
    long durationMicros, long videoFrames, Map<String, TimingSource> timing, List<Skip> skips, long elapsedMillis,
    int layoutChanges) {

  /** Output seconds per wall-clock second. */
  public double speed() {
    return elapsedMillis == 0 ? 0 : durationMicros / 1000.0 / elapsedMillis;
  }
}
