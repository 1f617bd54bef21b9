package io.tapline.compositor.media;

/**
 * What an input file holds, as libavformat sees it.
 *
 * @param videoCodec FFmpeg codec name of the first video stream, null if none
 * @param audioCodec FFmpeg codec name of the first audio stream, null if none
 * @param durationMicros the container's duration, 0 if unknown
 */
public record MediaInfo(String videoCodec, int width, int height, String audioCodec,
    int sampleRate, int channels, long durationMicros) {

  public boolean hasVideo() {
    return videoCodec != null;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }
}
