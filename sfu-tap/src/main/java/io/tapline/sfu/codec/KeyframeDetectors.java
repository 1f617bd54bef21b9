package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.codec.Vp8Depacketizer;
import java.util.Locale;

/**
 * The keyframe check for a codec name. VP8 comes from {@code io.tapline.pipeline.codec}; H.264 and
 * VP9 are private minimal checks until their depacketizers land in the pipeline module.
 */
public final class KeyframeDetectors {
  private KeyframeDetectors() {}

  /** The detector for an SDP encoding name, or one that never fires for audio and unknown codecs. */
  public static KeyframeDetector forCodec(String codec) {
    return switch (codec.toUpperCase(Locale.ROOT)) {
      case "VP8" -> Vp8Depacketizer::isKeyframeStart;
      case "VP9" -> new Vp9KeyframeDetector();
      case "H264" -> new H264KeyframeDetector();
      default -> packet -> false;
    };
  }
}
