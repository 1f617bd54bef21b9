package io.tapline.app.api;

import io.tapline.jobs.batch.CompositionRequest;
import io.tapline.jobs.batch.DerivedRequest;
import io.tapline.jobs.batch.PostProcessRequest;
import java.util.Locale;

/**
 * How an HLS composition asked for over REST is packaged: its source composition (an MP4, so the
 * packaging copies H.264/AAC) is rendered by the jobs' COMPOSE, then packaged by PACKAGE_HLS.
 *
 * @param format the jobs' name: {@code hls_fmp4} or {@code hls_ts}
 * @param segmentSeconds target segment duration
 */
public record HlsPackaging(String format, int segmentSeconds) {
  public static final int DEFAULT_SEGMENT_SECONDS = 4;

  public HlsPackaging {
    if (!format.equals("hls_fmp4") && !format.equals("hls_ts")) {
      throw new IllegalArgumentException("HLS format is hls_fmp4 or hls_ts, got " + format);
    }
    DerivedRequest.hls("probe", format, segmentSeconds); // validates the duration as the jobs do
  }

  /** {@code hls-fmp4} or {@code hls-ts}, as the API spells it. */
  public String apiFormat() {
    return format.replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** The packaging request for the composition {@code source} renders. */
  public PostProcessRequest packaging(String recordingId, CompositionRequest source) {
    return PostProcessRequest.derive(recordingId,
        DerivedRequest.hls(source.compositionId(recordingId), format, segmentSeconds));
  }

  /** The id of the HLS output: {@code {sourceCompositionId}-hls-fmp4-4s}. */
  public String outputId(String recordingId, CompositionRequest source) {
    return packaging(recordingId, source).outputId().orElseThrow();
  }
}
