package io.tapline.compositor.thumbnail;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PNG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

/** Still image formats, encoded by libavcodec (mjpeg, png). */
public enum ImageFormat {
  JPEG("jpg", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P, "mjpeg"),
  PNG("png", AV_CODEC_ID_PNG, AV_PIX_FMT_RGB24, "png");

  private final String extension;
  private final int codecId;
  private final int pixelFormat;
  private final String codecName;

  ImageFormat(String extension, int codecId, int pixelFormat, String codecName) {
    this.extension = extension;
    this.codecId = codecId;
    this.pixelFormat = pixelFormat;
    this.codecName = codecName;
  }

  public String extension() {
    return extension;
  }

  int codecId() {
    return codecId;
  }

  int pixelFormat() {
    return pixelFormat;
  }

  /** The codec as ffprobe names it. */
  public String codecName() {
    return codecName;
  }
}
