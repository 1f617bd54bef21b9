package io.tapline.compositor.export;

import io.tapline.compositor.track.Skip;
import io.tapline.compositor.track.TimingSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What a per-track export produced.
 *
 * @param trackId the track
 * @param output the file written, or null when nothing could be written
 * @param codec the track's codec
 * @param timing where its times came from, null if the track could not be read
 * @param startMicros where the track's first frame sits on the recording's output timeline
 * @param durationMicros from the first to the end of the last frame
 * @param frames frames written (including silence inserted into audio gaps)
 * @param skips what was left out and why
 */
public record ExportReport(
    String trackId, Path output, String codec, TimingSource timing, long startMicros, long durationMicros,
    long frames, List<Skip> skips) {

  public boolean written() {
    return output != null;
  }
}
