package io.tapline.pipeline.codec;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Creates depacketizers and keyframe detectors by codec name, as written in an SDP rtpmap. */
public final class Depacketizers {
  /** Codec names this factory knows, upper case. */
  public static final List<String> CODECS = List.of("VP8", "VP9", "H264", "AV1", "OPUS");

  private Depacketizers() {}

  /**
   * A new depacketizer for {@code codec} ({@code VP8}, {@code VP9}, {@code H264}, {@code AV1}, {@code OPUS};
   * case-insensitive, as in {@code a=rtpmap:96 VP8/90000}).
   *
   * @throws IllegalArgumentException for any other codec, naming the supported ones
   */
  public static Depacketizer create(String codec) {
    return lookup(codec, Vp8Depacketizer::new, Vp9Depacketizer::new, H264Depacketizer::new, Av1Depacketizer::new,
        OpusDepacketizer::new);
  }

  /** The stateless keyframe test for {@code codec}; same names and errors as {@link #create}. */
  public static KeyframeDetector keyframeDetector(String codec) {
    return lookup(codec, () -> Vp8Depacketizer::isKeyframeStart, () -> Vp9Depacketizer::isKeyframeStart,
        () -> H264Depacketizer::isKeyframeStart, () -> Av1Depacketizer::isKeyframeStart,
        () -> OpusDepacketizer::isKeyframeStart);
  }

  /** Whether {@link #create} knows the codec. */
  public static boolean supports(String codec) {
    return codec != null && CODECS.contains(codec.toUpperCase(Locale.ROOT));
  }

  private static <T> T lookup(String codec, Supplier<? extends T> vp8, Supplier<? extends T> vp9,
      Supplier<? extends T> h264, Supplier<? extends T> av1, Supplier<? extends T> opus) {
    String name = codec == null ? "" : codec.toUpperCase(Locale.ROOT);
    return switch (name) {
      case "VP8" -> vp8.get();
      case "VP9" -> vp9.get();
      case "H264" -> h264.get();
      case "AV1" -> av1.get();
      case "OPUS" -> opus.get();
      default -> throw new IllegalArgumentException(
          "no depacketizer for codec '" + codec + "': supported are " + CODECS + " (SDP rtpmap encoding names)");
    };
  }
}
