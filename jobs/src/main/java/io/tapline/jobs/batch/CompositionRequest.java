package io.tapline.jobs.batch;

import io.tapline.compositor.compose.CompositionSpec;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.storage.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One composition to make of a recording. Its id is derived from the recording and what is asked
 * (layout, format, size, rate), so asking twice names the same composition, object and row.
 */
public record CompositionRequest(LayoutKind layout, OutputFormat format, int width, int height,
    int fps) {

  public CompositionRequest {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(format, "format");
    if (format.isHls()) {
      throw new IllegalArgumentException(
          "HLS compositions are not produced by batch jobs yet: ask for mp4 or webm");
    }
    if (layout == LayoutKind.CUSTOM || layout == LayoutKind.SINGLE) {
      throw new IllegalArgumentException("layout " + layout + " needs parameters batch jobs do "
          + "not take yet: ask for grid, active_speaker or presentation");
    }
    spec(layout, format, width, height, fps); // validates size and rate
  }

  public CompositionSpec spec() {
    return spec(layout, format, width, height, fps);
  }

  private static CompositionSpec spec(LayoutKind layout, OutputFormat format, int width,
      int height, int fps) {
    return CompositionSpec.defaults().withLayout(layout).withFormat(format)
        .withSize(width, height, fps);
  }

  /** File extension of the output, also used in its object key. */
  public String extension() {
    return format.muxer();
  }

  /** {@code {recordingId}-{layout}-{format}-{w}x{h}-{fps}}, hashed when too long for a key id. */
  public String compositionId(String recordingId) {
    String readable = recordingId + "-" + layout.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "-" + format.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + width + "x"
        + height + "-" + fps;
    if (readable.length() <= 64) {
      return KeyLayout.id(readable);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(readable.getBytes(
          StandardCharsets.UTF_8));
      return KeyLayout.id("c-" + HexFormat.of().formatHex(d, 0, 24));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Layout name as indexed ({@code grid}, {@code active_speaker}, ...). */
  public String layoutName() {
    return layout.name().toLowerCase(Locale.ROOT);
  }

  /** Format name as indexed ({@code mp4}, {@code webm_vp8}, ...). */
  public String formatName() {
    return format.name().toLowerCase(Locale.ROOT);
  }

  public static OutputFormat parseFormat(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (n.equals("WEBM")) {
      return OutputFormat.WEBM_VP8;
    }
    try {
      return OutputFormat.valueOf(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + name + "': mp4, webm, webm_vp9");
    }
  }
}
