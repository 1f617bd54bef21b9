package io.tapline.compositor.transcode;

import io.tapline.compositor.compose.OutputFormat;
import java.util.Objects;

/**
 * What to turn an existing video into.
 *
 * @param format container and codecs (MP4 H.264/AAC, WebM VP8 or VP9/Opus); not HLS (see
 *     {@code hls.HlsPackager})
 * @param width output width (even), 0 keeps the source's
 * @param height output height (even), 0 keeps the source's aspect ratio for the width given (or
 *     the source's height when width is 0 too)
 * @param videoBitrate bits per second, 0 for the default (2.5 Mbit/s, or a stream copy when the
 *     codecs and size already match)
 */
public record TranscodeSpec(OutputFormat format, int width, int height, long videoBitrate) {
  public static final long DEFAULT_VIDEO_BITRATE = 2_500_000;

  public TranscodeSpec {
    Objects.requireNonNull(format, "format");
    if (format.isHls()) {
      throw new IllegalArgumentException("HLS is packaged by HlsPackager, not transcoded");
    }
    if (width < 0 || height < 0 || width % 2 != 0 || height % 2 != 0
        || (width > 0 && width < 16) || (height > 0 && height < 16) || width > 7680
        || height > 4320) {
      throw new IllegalArgumentException("size must be even, 16 to 7680x4320, or 0 to keep: "
          + width + "x" + height);
    }
    if (height > 0 && width == 0) {
      throw new IllegalArgumentException("give a width with the height (or 0x0 to keep the size)");
    }
    if (videoBitrate != 0 && (videoBitrate < 10_000 || videoBitrate > 100_000_000)) {
      throw new IllegalArgumentException("video bitrate out of 10 kbit/s .. 100 Mbit/s: "
          + videoBitrate);
    }
  }

  /** The FFmpeg codec name a stream gets from {@link OutputFormat#videoEncoder()}. */
  public String videoCodecName() {
    return codecName(format.videoEncoder());
  }

  public String audioCodecName() {
    return codecName(format.audioEncoder());
  }

  static String codecName(String encoder) {
    return switch (encoder) {
      case "libx264", "libopenh264" -> "h264";
      case "libvpx" -> "vp8";
      case "libvpx-vp9" -> "vp9";
      case "libopus" -> "opus";
      default -> encoder;
    };
  }

  /** The output size for a source of {@code srcW x srcH}: even, aspect kept when asked. */
  public int[] outputSize(int srcW, int srcH) {
    if (width == 0) {
      return new int[] {srcW & ~1, srcH & ~1};
    }
    if (height == 0) {
      int h = (int) Math.round(width * (double) srcH / srcW);
      return new int[] {width, Math.max(2, h & ~1)};
    }
    return new int[] {width, height};
  }
}
