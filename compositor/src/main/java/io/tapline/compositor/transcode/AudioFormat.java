package io.tapline.compositor.transcode;

/** Audio-only files: container, encoder and the extension their name needs. */
public enum AudioFormat {
  /** MPEG-4 audio (M4A): AAC-LC in an MP4 container ({@code ipod} muxer). */
  M4A_AAC("ipod", "m4a", "aac", "aac", 128_000),
  /** Ogg with Opus (RFC 7845). */
  OGG_OPUS("ogg", "ogg", "libopus", "opus", 96_000);

  private final String muxer;
  private final String extension;
  private final String encoder;
  private final String codecName;
  private final long bitrate;

  AudioFormat(String muxer, String extension, String encoder, String codecName, long bitrate) {
    this.muxer = muxer;
    this.extension = extension;
    this.encoder = encoder;
    this.codecName = codecName;
    this.bitrate = bitrate;
  }

  public String muxer() {
    return muxer;
  }

  public String extension() {
    return extension;
  }

  /** The FFmpeg encoder used when the source's audio has another codec. */
  public String encoder() {
    return encoder;
  }

  /** The codec as FFmpeg names it in a stream ({@code aac}, {@code opus}). */
  public String codecName() {
    return codecName;
  }

  /** Default bitrate, bits per second (stereo). */
  public long bitrate() {
    return bitrate;
  }
}
