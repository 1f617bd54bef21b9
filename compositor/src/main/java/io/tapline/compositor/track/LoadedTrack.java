package io.tapline.compositor.track;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.codec.RtpCodec;
import io.tapline.pipeline.manifest.ManifestTrack;
import java.util.List;

/**
 * A track ready for export or decoding: its frames in order and the clock that places them.
 *
 * @param codec the payload format
 * @param frames decodable frames in timestamp order
 * @param clock RTP timestamp to wall clock
 */
public record LoadedTrack(ManifestTrack track, RtpCodec codec, List<EncodedFrame> frames, TrackClock clock) {
  public String id() {
    return track.trackId();
  }

  public long wallMicros(EncodedFrame f) {
    return clock.wallMicros(f.timestamp());
  }
}
