package io.tapline.compositor.synthetic;

import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import io.tapline.compositor.media.VideoEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Generated video, encoded one picture at a time as a live sender does: a {@link Painter} draws
 * picture {@code i}, the encoder (libvpx VP8 in real-time mode, no look-ahead, so a picture comes
 * out as soon as it goes in) turns it into packets. A keyframe can be forced, e.g. when a receiver
 * sends a picture loss indication. Not thread-safe; close it to free the native encoder.
 */
public final class SyntheticVideo implements AutoCloseable {
  /** Draws picture {@code index} (at {@code index / fps} seconds). */
  @FunctionalInterface
  public interface Painter {
    void paint(YuvPicture picture, int index);
  }

  private final VideoEncoder encoder;
  private final Painter painter;
  private final AVFrame frame;
  private final YuvPicture picture;
  private final int fps;
  private int index;
  private boolean closed;

  private SyntheticVideo(VideoEncoder encoder, int width, int height, int fps, Painter painter) {
    this.encoder = encoder;
    this.painter = painter;
    this.fps = fps;
    this.frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P);
    frame.width(width);
    frame.height(height);
    av_frame_get_buffer(frame, 32);
    this.picture = new YuvPicture(frame);
  }

  /**
   * VP8 (libvpx, realtime deadline) at {@code width x height}, {@code fps} pictures per second.
   *
   * @param bitrate target bits per second
   * @param gopFrames a keyframe at least every this many pictures
   */
  public static SyntheticVideo vp8(int width, int height, int fps, long bitrate, int gopFrames, Painter painter)
      throws IOException {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("picture size must be positive and even: " + width + "x" + height);
    }
    if (fps <= 0 || gopFrames <= 0) {
      throw new IllegalArgumentException("fps and gopFrames must be positive");
    }
    return new SyntheticVideo(VideoEncoder.open("libvpx", width, height, fps, bitrate, "realtime", gopFrames, false),
        width, height, fps, painter);
  }

  public int fps() {
    return fps;
  }

  /** Index of the next picture {@link #next} paints. */
  public int nextIndex() {
    return index;
  }

  /**
   * Makes picture {@code next} the next one painted: pictures in between are never made, as when a
   * live source falls behind its clock (the encoder sees a longer frame interval).
   */
  public void skipTo(int next) {
    if (next < index) {
      throw new IllegalArgumentException("cannot go back from picture " + index + " to " + next);
    }
    index = next;
  }

  /** Paints and encodes the next picture; returns what the encoder gave back (usually one packet). */
  public List<EncodedPacket> next(boolean forceKeyframe) throws IOException {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    av_frame_make_writable(frame);
    painter.paint(picture, index);
    frame.pts(index);
    frame.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    index++;
    List<EncodedPacket> out = new ArrayList<>(1);
    encoder.encode(frame, p -> out.add(copy(p)));
    return out;
  }

  /** What the encoder still holds, at the end of the stream. */
  public List<EncodedPacket> flush() throws IOException {
    List<EncodedPacket> out = new ArrayList<>();
    encoder.encode(null, p -> out.add(copy(p)));
    return out;
  }

  private static EncodedPacket copy(AVPacket p) {
    byte[] b = new byte[p.size()];
    p.data().get(b);
    return new EncodedPacket(b, p.pts(), (p.flags() & org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY) != 0);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      encoder.close();
      av_frame_free(frame);
    }
  }
}
