package io.tapline.compositor.compose;

import io.tapline.compositor.layout.Layout;
import io.tapline.compositor.layout.LayoutKind;

/**
 * How to compose a recording. Defaults: grid, MP4 (H.264 veryfast + AAC), 1280x720, 30 fps.
 *
 * @param layout the layout kind
 * @param format container and codecs
 * @param width output width, even
 * @param height output height, even
 * @param fps output frame rate
 * @param videoBitrate bits per second
 * @param preset x264 preset, or libvpx deadline ({@code realtime}, {@code good})
 * @param dwellMicros minimum time between two layout changes
 * @param excludeMutedAudio leave muted tracks out of the mix (their residual noise)
 * @param participantId for the single layout: who to show (null follows the speaker)
 * @param templateJson for the custom layout: its JSON template
 */
public record CompositionSpec(LayoutKind layout, OutputFormat format, int width, int height, int fps,
    long videoBitrate, String preset, long dwellMicros, boolean excludeMutedAudio, String participantId,
    String templateJson) {

  public CompositionSpec {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("output size must be even and at least 16x16: " + width + "x" + height);
    }
    if (fps < 1 || fps > 120) {
      throw new IllegalArgumentException("frame rate out of range: " + fps);
    }
    if (videoBitrate < 10_000) {
      throw new IllegalArgumentException("video bitrate too low: " + videoBitrate);
    }
    if (layout == LayoutKind.CUSTOM && templateJson == null) {
      throw new IllegalArgumentException("a custom layout needs a template");
    }
    if (preset == null) {
      preset = format.videoEncoder().startsWith("libvpx") ? "realtime" : "veryfast";
    }
  }

  public static CompositionSpec defaults() {
    return new CompositionSpec(LayoutKind.GRID, OutputFormat.MP4, 1280, 720, 30, 2_500_000, "veryfast", 1_500_000,
        true, null, null);
  }

  public CompositionSpec withLayout(LayoutKind kind) {
    return new CompositionSpec(kind, format, width, height, fps, videoBitrate, preset, dwellMicros, excludeMutedAudio,
        participantId, templateJson);
  }

  public CompositionSpec withCustomTemplate(String json) {
    return new CompositionSpec(LayoutKind.CUSTOM, format, width, height, fps, videoBitrate, preset, dwellMicros,
        excludeMutedAudio, participantId, json);
  }

  public CompositionSpec withFormat(OutputFormat f) {
    return new CompositionSpec(layout, f, width, height, fps, videoBitrate,
        f.videoEncoder().equals(format.videoEncoder()) ? preset : null, dwellMicros, excludeMutedAudio, participantId,
        templateJson);
  }

  public CompositionSpec withSize(int w, int h, int framesPerSecond) {
    return new CompositionSpec(layout, format, w, h, framesPerSecond, videoBitrate, preset, dwellMicros,
        excludeMutedAudio, participantId, templateJson);
  }

  public CompositionSpec withBitrate(long bitsPerSecond, String encoderPreset) {
    return new CompositionSpec(layout, format, width, height, fps, bitsPerSecond, encoderPreset, dwellMicros,
        excludeMutedAudio, participantId, templateJson);
  }

  public CompositionSpec withDwell(long micros) {
    return new CompositionSpec(layout, format, width, height, fps, videoBitrate, preset, micros, excludeMutedAudio,
        participantId, templateJson);
  }

  public CompositionSpec withParticipant(String id) {
    return new CompositionSpec(layout, format, width, height, fps, videoBitrate, preset, dwellMicros,
        excludeMutedAudio, id, templateJson);
  }

  public Layout createLayout() {
    return layout.create(participantId, templateJson);
  }
}
