package io.tapline.compositor.compose;

/** Containers a composition can be written to, with their codecs. */
public enum OutputFormat {
  /** MP4, H.264 (libx264) + AAC, moov atom first (faststart). */
  MP4("mp4", "libx264", "aac"),
  /** WebM, VP8 + Opus. */
  WEBM_VP8("webm", "libvpx", "libopus"),
  /** WebM, VP9 + Opus. */
  WEBM_VP9("webm", "libvpx-vp9", "libopus"),
  /** HLS with fragmented-MP4 segments, H.264 + AAC. */
  HLS_FMP4("hls", "libx264", "aac"),
  /** HLS with MPEG-TS segments, H.264 + AAC. */
  HLS_TS("hls", "libx264", "aac");

  private final String muxer;
  private final String videoEncoder;
  private final String audioEncoder;

  OutputFormat(String muxer, String videoEncoder, String audioEncoder) {
    this.muxer = muxer;
    this.videoEncoder = videoEncoder;
    this.audioEncoder = audioEncoder;
  }

  public String muxer() {
    return muxer;
  }

  public String videoEncoder() {
    return videoEncoder;
  }

  public String audioEncoder() {
    return audioEncoder;
  }

  public boolean isHls() {
    return muxer.equals("hls");
  }
}
