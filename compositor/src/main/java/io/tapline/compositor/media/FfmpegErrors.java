package io.tapline.compositor.media;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** FFmpeg error codes as text. */
public final class FfmpegErrors {
  private FfmpegErrors() {}

  public static String text(int code) {
    BytePointer buf = new BytePointer(256);
    try {
      av_strerror(code, buf, 256);
      return buf.getString() + " (" + code + ")";
    } finally {
      buf.close();
    }
  }
}
