package io.tapline.compositor.transcode;

import java.nio.file.Path;

/**
 * What a transcode wrote.
 *
 * @param copied whether the streams were copied as they were (no decoding, no encoding)
 * @param durationMicros the source's duration
 */
public record TranscodeReport(Path output, String videoCodec, String audioCodec, int width,
    int height, long durationMicros, boolean copied, long elapsedMillis) {

  /** Seconds of media per second of work. */
  public double speed() {
    return elapsedMillis == 0 ? 0 : durationMicros / 1000.0 / elapsedMillis;
  }
}
