package io.tapline.jobs.batch;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.hls.HlsPackager;
import io.tapline.compositor.hls.HlsSpec;
import io.tapline.compositor.thumbnail.ImageFormat;
import io.tapline.compositor.thumbnail.ThumbnailSpec;
import io.tapline.compositor.thumbnail.Thumbnailer;
import io.tapline.compositor.transcode.AudioFormat;
import io.tapline.compositor.transcode.TranscodeSpec;
import io.tapline.jobs.batch.PostProcessRequest.Operation;
import io.tapline.storage.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An output derived from a stored composition (or, for an audio mix, from the recording's audio
 * tracks). Its id is derived from the source and every setting, so asking twice names the same
 * output, objects and rows.
 *
 * @param source the id of the composition it is made from; {@link #MIX} for the mix of the
 *     recording's audio tracks ({@link Operation#EXTRACT_AUDIO} only)
 * @param format TRANSCODE: {@code mp4}, {@code webm} (VP8), {@code webm_vp9}; EXTRACT_AUDIO:
 *     {@code m4a}, {@code ogg}; POSTER, THUMBNAILS: {@code jpeg}, {@code png}; PACKAGE_HLS: {@code
 *     hls_fmp4}, {@code hls_ts}
 * @param width pixels (TRANSCODE: 0 keeps the source's; POSTER, THUMBNAILS: required)
 * @param height pixels, 0 keeps the aspect ratio
 * @param bitrate TRANSCODE: video bits per second, 0 for the default
 * @param atMillis POSTER: the time of the picture
 * @param count THUMBNAILS: how many
 * @param segmentSeconds PACKAGE_HLS: target segment duration
 */
public record DerivedRequest(Operation operation, String source, String format, int width,
    int height, long bitrate, long atMillis, int count, int segmentSeconds) {
  /** {@link #source} of an audio mix made from the recording's audio tracks. */
  public static final String MIX = "tracks";

  public DerivedRequest {
    Objects.requireNonNull(operation, "operation");
    if (operation == Operation.COMPOSE || operation == Operation.SPEAKER_AUDIO) {
      throw new IllegalArgumentException(operation + " is not a derived output");
    }
    if (!MIX.equals(source)) {
      KeyLayout.id(source);
    } else if (operation != Operation.EXTRACT_AUDIO) {
      throw new IllegalArgumentException("only audio can be made from the tracks: " + operation
          + " needs a composition id as its source");
    }
    format = canonical(operation, format);
    switch (operation) {
      case TRANSCODE -> transcodeSpec(format, width, height, bitrate);
      case EXTRACT_AUDIO -> audioFormat(format);
      case POSTER -> {
        thumbnailSpec(format, width, height);
        if (atMillis < 0) {
          throw new IllegalArgumentException("poster time must be >= 0 ms: " + atMillis);
        }
      }
      case THUMBNAILS -> {
        thumbnailSpec(format, width, height);
        if (count < 1 || count > Thumbnailer.MAX_COUNT) {
          throw new IllegalArgumentException("thumbnail count must be 1 to "
              + Thumbnailer.MAX_COUNT + ": " + count);
        }
      }
      case PACKAGE_HLS -> hlsSpec(format, segmentSeconds);
      default -> throw new IllegalStateException(operation.name());
    }
  }

  public static DerivedRequest transcode(String source, String format, int width, int height,
      long bitrate) {
    return new DerivedRequest(Operation.TRANSCODE, source, format, width, height, bitrate, 0, 0,
        0);
  }

  /** Audio only, from a composition or ({@code source} = {@link #MIX}) the tracks' mix. */
  public static DerivedRequest audio(String source, String format) {
    return new DerivedRequest(Operation.EXTRACT_AUDIO, source, format, 0, 0, 0, 0, 0, 0);
  }

  public static DerivedRequest poster(String source, String format, int width, int height,
      long atMillis) {
    return new DerivedRequest(Operation.POSTER, source, format, width, height, 0, atMillis, 0, 0);
  }

  public static DerivedRequest thumbnails(String source, String format, int width, int height,
      int count) {
    return new DerivedRequest(Operation.THUMBNAILS, source, format, width, height, 0, 0, count,
        0);
  }

  public static DerivedRequest hls(String source, String format, int segmentSeconds) {
    return new DerivedRequest(Operation.PACKAGE_HLS, source, format, 0, 0, 0, 0, 0,
        segmentSeconds);
  }

  public boolean fromMix() {
    return MIX.equals(source);
  }

  /** Whether the output is several objects under its own prefix (HLS, thumbnail strips). */
  public boolean multiFile() {
    return operation == Operation.THUMBNAILS || operation == Operation.PACKAGE_HLS;
  }

  /** Whether making it encodes video or decodes a whole recording: it takes a cost slot. */
  public boolean costly() {
    return operation == Operation.TRANSCODE || operation == Operation.PACKAGE_HLS || fromMix();
  }

  public TranscodeSpec transcodeSpec() {
    return transcodeSpec(format, width, height, bitrate);
  }

  public AudioFormat audioFormat() {
    return audioFormat(format);
  }

  public ThumbnailSpec thumbnailSpec() {
    return thumbnailSpec(format, width, height);
  }

  public HlsSpec hlsSpec() {
    return hlsSpec(format, segmentSeconds);
  }

  /** The file name of a single-file output, or of the main file of a multi-file one. */
  public String mainFile(String outputId) {
    return switch (operation) {
      case TRANSCODE -> outputId + "." + transcodeSpec().format().muxer();
      case EXTRACT_AUDIO -> outputId + "." + audioFormat().extension();
      case POSTER -> outputId + "." + thumbnailSpec().format().extension();
      case THUMBNAILS -> "sprite." + thumbnailSpec().format().extension();
      case PACKAGE_HLS -> HlsPackager.PLAYLIST;
      default -> throw new IllegalStateException(operation.name());
    };
  }

  /** The format as indexed in the composition row (at most 16 characters). */
  public String formatName() {
    return switch (operation) {
      case TRANSCODE -> transcodeSpec().format().name().toLowerCase(Locale.ROOT);
      case EXTRACT_AUDIO -> audioFormat() == AudioFormat.M4A_AAC ? "m4a_aac" : "ogg_opus";
      case POSTER -> "poster_" + format;
      case THUMBNAILS -> "thumbs_" + format;
      case PACKAGE_HLS -> format;
      default -> throw new IllegalStateException(operation.name());
    };
  }

  /**
   * {@code {source}-{what}} (the recording id for a mix), hashed to {@code d-...} when too long
   * for a key id.
   */
  public String outputId(String recordingId) {
    String base = fromMix() ? recordingId + "-mix" : source;
    String what = switch (operation) {
      case TRANSCODE -> formatName().replace('_', '-') + "-" + width + "x" + height
          + (bitrate > 0 ? "-" + bitrate / 1000 + "k" : "");
      case EXTRACT_AUDIO -> formatName().replace('_', '-');
      case POSTER -> "poster-" + atMillis + "ms-" + format + "-" + width + "x" + height;
      case THUMBNAILS -> "thumbs-" + count + "-" + format + "-" + width + "x" + height;
      case PACKAGE_HLS -> format.replace('_', '-') + "-" + segmentSeconds + "s";
      default -> throw new IllegalStateException(operation.name());
    };
    String readable = base + "-" + what;
    if (readable.length() <= 64) {
      return KeyLayout.id(readable);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((recordingId + "/" + readable)
          .getBytes(StandardCharsets.UTF_8));
      return KeyLayout.id("d-" + HexFormat.of().formatHex(d, 0, 24));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one spelling of a format, so that aliases ({@code jpg}, {@code webm}) name one output. */
  static String canonical(Operation operation, String format) {
    Objects.requireNonNull(format, "format");
    String f = format.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (operation) {
      case TRANSCODE -> CompositionRequest.parseFormat(f).name().toLowerCase(Locale.ROOT);
      case EXTRACT_AUDIO -> audioFormat(f) == AudioFormat.M4A_AAC ? "m4a" : "ogg";
      case POSTER, THUMBNAILS -> switch (f) {
        case "jpeg", "jpg" -> "jpeg";
        case "png" -> "png";
        default -> throw new IllegalArgumentException("unknown image format '" + format
            + "': jpeg, png");
      };
      case PACKAGE_HLS -> hlsSpec(f, 4).segments() == HlsSpec.SegmentType.FMP4 ? "hls_fmp4"
          : "hls_ts";
      default -> f;
    };
  }

  private static TranscodeSpec transcodeSpec(String format, int width, int height,
      long bitrate) {
    OutputFormat f = CompositionRequest.parseFormat(format);
    return new TranscodeSpec(f, width, height, bitrate);
  }

  private static AudioFormat audioFormat(String format) {
    return switch (format) {
      case "m4a", "aac", "m4a_aac" -> AudioFormat.M4A_AAC;
      case "ogg", "opus", "ogg_opus" -> AudioFormat.OGG_OPUS;
      default -> throw new IllegalArgumentException("unknown audio format '" + format
          + "': m4a, ogg");
    };
  }

  private static ThumbnailSpec thumbnailSpec(String format, int width, int height) {
    ImageFormat f = switch (format) {
      case "jpeg", "jpg" -> ImageFormat.JPEG;
      case "png" -> ImageFormat.PNG;
      default -> throw new IllegalArgumentException("unknown image format '" + format
          + "': jpeg, png");
    };
    return new ThumbnailSpec(f, width, height);
  }

  private static HlsSpec hlsSpec(String format, int segmentSeconds) {
    HlsSpec.SegmentType t = switch (format) {
      case "hls_fmp4", "fmp4" -> HlsSpec.SegmentType.FMP4;
      case "hls_ts", "ts" -> HlsSpec.SegmentType.TS;
      default -> throw new IllegalArgumentException("unknown HLS format '" + format
          + "': hls_fmp4, hls_ts");
    };
    return new HlsSpec(t, segmentSeconds);
  }
}
