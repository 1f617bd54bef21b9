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
import java.util.regex.Pattern;

/**
 * One composition to make of a recording. Its id is derived from the recording and what is asked
 * (layout, format, size, rate, and the participant or template), so asking twice names the same
 * composition, object and row.
 *
 * @param participantId for {@link LayoutKind#SINGLE}: who to show; null follows the active
 *     speaker. Null for other layouts.
 * @param templateJson for {@link LayoutKind#CUSTOM} (required, at most {@value #MAX_TEMPLATE}
 *     characters): the regions ({@code CustomLayout}). Null for other layouts.
 */
public record CompositionRequest(LayoutKind layout, OutputFormat format, int width, int height,
    int fps, String participantId, String templateJson) {
  /** Job parameters are kept in a 2500-character column. */
  public static final int MAX_TEMPLATE = 2000;
  private static final Pattern PARTICIPANT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

  public CompositionRequest {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(format, "format");
    if (format.isHls()) {
      throw new IllegalArgumentException(
          "HLS compositions are not produced by batch jobs yet: ask for mp4 or webm");
    }
    if (participantId != null && (layout != LayoutKind.SINGLE
        || !PARTICIPANT.matcher(participantId).matches())) {
      throw new IllegalArgumentException("a participant id ([A-Za-z0-9._-]{1,64}) is only for "
          + "the single layout");
    }
    if ((layout == LayoutKind.CUSTOM) != (templateJson != null)) {
      throw new IllegalArgumentException("a template is given exactly for the custom layout");
    }
    if (templateJson != null) {
      if (templateJson.length() > MAX_TEMPLATE) {
        throw new IllegalArgumentException("the template is longer than " + MAX_TEMPLATE
            + " characters");
      }
      LayoutKind.CUSTOM.create(null, templateJson); // validates the regions
    }
    spec(layout, format, width, height, fps, participantId, templateJson); // size and rate
  }

  /** A grid, active-speaker or presentation composition (no participant, no template). */
  public CompositionRequest(LayoutKind layout, OutputFormat format, int width, int height,
      int fps) {
    this(layout, format, width, height, fps, null, null);
  }

  public CompositionSpec spec() {
    return spec(layout, format, width, height, fps, participantId, templateJson);
  }

  private static CompositionSpec spec(LayoutKind layout, OutputFormat format, int width,
      int height, int fps, String participantId, String templateJson) {
    CompositionSpec d = CompositionSpec.defaults();
    // withCustomTemplate sets the layout too: a custom spec is never without its template
    return (templateJson == null ? d.withLayout(layout) : d.withCustomTemplate(templateJson))
        .withFormat(format).withSize(width, height, fps).withParticipant(participantId);
  }

  /** File extension of the output, also used in its object key. */
  public String extension() {
    return format.muxer();
  }

  /** {@code {recordingId}-{layout}-{format}-{w}x{h}-{fps}}, hashed when too long for a key id. */
  public String compositionId(String recordingId) {
    String readable = recordingId + "-" + layout.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "-" + format.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + width + "x"
        + height + "-" + fps + (participantId == null ? "" : "-" + participantId.replace('.', '_'));
    // A template is not readable in an id: a custom composition's id is always its hash.
    if (readable.length() <= 64 && templateJson == null) {
      return KeyLayout.id(readable);
    }
    try {
      String hashed = readable + (participantId == null ? "" : "\u0000" + participantId)
          + (templateJson == null ? "" : "\u0000" + templateJson);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(
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
