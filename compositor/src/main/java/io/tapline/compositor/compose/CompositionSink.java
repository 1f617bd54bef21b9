package io.tapline.compositor.compose;

import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Where composed pictures and mixed audio go. {@code close} finishes the output and is idempotent. */
interface CompositionSink extends AutoCloseable {
  /** Samples per channel {@link #writeAudio} takes each time. */
  int audioFrameSize();

  int audioChannels();

  /** Writes picture number {@code index} (time {@code index / fps}). */
  void writeVideo(AVFrame picture, long index) throws IOException;

  /** Writes planar samples starting at output sample {@code pts} (48 kHz). */
  void writeAudio(float[][] samples, long pts) throws IOException;

  String videoCodec();

  String audioCodec();

  @Override
  void close() throws IOException;
}
