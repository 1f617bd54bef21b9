package io.tapline.app.cli;

import io.tapline.compositor.compose.CompositionSpec;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.CustomLayout;
import io.tapline.compositor.layout.LayoutKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated options of {@code tapline compose}: the compositor's spec for a local recording,
 * and the same choice as the REST API's request body for a recording on a server.
 */
record CompositionRequest(String layout, String format, int width, int height, int fps, String templateJson,
    String participantId) {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

  /** Parses and checks the options; a bad one is a {@link ExitCodes#USAGE} error saying what to change. */
  static CompositionRequest of(String layout, String format, String size, int fps, String templateJson,
      String participantId) {
    LayoutKind kind;
    try {
      kind = LayoutKind.parse(layout);
    } catch (IllegalArgumentException e) {
      throw usage("--layout must be grid, active-speaker, presentation, single or custom, got " + layout);
    }
    String f = format.trim().toLowerCase(Locale.ROOT);
    outputFormat(f);
    Matcher m = SIZE.matcher(size.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw usage("--size must be WIDTHxHEIGHT, e.g. 1280x720, got " + size);
    }
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    if (w < 16 || h < 16 || w > 7680 || h > 4320 || w % 2 != 0 || h % 2 != 0) {
      throw usage("--size must be even, from 16x16 to 7680x4320, got " + size);
    }
    if (fps < 1 || fps > 120) {
      throw usage("--fps must be 1-120, got " + fps);
    }
    if (kind == LayoutKind.CUSTOM && templateJson == null) {
      throw usage("--layout custom needs --template FILE.json (regions with x, y, width, height, z, fill)");
    }
    if (kind != LayoutKind.CUSTOM && templateJson != null) {
      throw usage("--template only goes with --layout custom");
    }
    if (templateJson != null) {
      try {
        CustomLayout.parse(templateJson);
      } catch (IllegalArgumentException e) {
        throw usage("--template: " + e.getMessage());
      }
    }
    if (participantId != null && kind != LayoutKind.SINGLE) {
      throw usage("--participant only goes with --layout single");
    }
    String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return new CompositionRequest(name, f, w, h, fps, templateJson, participantId);
  }

  static OutputFormat outputFormat(String f) {
    return switch (f) {
      case "mp4" -> OutputFormat.MP4;
      case "webm" -> OutputFormat.WEBM_VP8;
      case "hls" -> OutputFormat.HLS_FMP4;
      default -> throw usage("--format must be mp4, webm or hls, got " + f);
    };
  }

  /** The compositor's spec (defaults for bitrate, preset and dwell). */
  CompositionSpec spec() {
    CompositionSpec s = CompositionSpec.defaults().withFormat(outputFormat(format)).withSize(width, height, fps);
    s = templateJson != null ? s.withCustomTemplate(templateJson) : s.withLayout(LayoutKind.parse(layout));
    return participantId != null ? s.withParticipant(participantId) : s;
  }

  /**
   * The body of {@code POST /api/v1/recordings/{id}/compositions}: layout, format, width, height,
   * fps, and the template or participant only when given.
   */
  Map<String, Object> body() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("layout", layout);
    b.put("format", format);
    b.put("width", width);
    b.put("height", height);
    b.put("fps", fps);
    if (templateJson != null) {
      try {
        b.put("template", new com.fasterxml.jackson.databind.ObjectMapper().readTree(templateJson));
      } catch (java.io.IOException e) {
        throw usage("--template: " + e.getMessage()); // parsed once already in of()
      }
    }
    if (participantId != null) {
      b.put("participantId", participantId);
    }
    return b;
  }

  private static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
