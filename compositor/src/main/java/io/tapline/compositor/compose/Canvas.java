package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.tapline.compositor.layout.Region;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The output picture (YUV 4:2:0, native memory). Pictures are scaled by libswscale straight into
 * a rectangle of the canvas, keeping their aspect ratio (letterboxed in the region's background).
 */
final class Canvas implements AutoCloseable {
  private static final int BLACK_Y = 16;
  private static final int GREY_Y = 40;
  private static final int NEUTRAL_UV = 128;

  private final AVFrame frame = av_frame_alloc();
  private final int width;
  private final int height;
  private final Map<String, SwsContext> scalers = new HashMap<>();
  private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
  private final IntPointer dstStride = new IntPointer(4);
  private boolean closed;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    frame.format(AV_PIX_FMT_YUV420P);
    frame.width(width);
    frame.height(height);
    av_frame_get_buffer(frame, 32);
  }

  AVFrame frame() {
    return frame;
  }

  /** Clears the picture to black (the background between regions). */
  void clear() {
    av_frame_make_writable(frame);
    Pointer.memset(frame.data(0), BLACK_Y, (long) frame.linesize(0) * height);
    Pointer.memset(frame.data(1), NEUTRAL_UV, (long) frame.linesize(1) * (height / 2));
    Pointer.memset(frame.data(2), NEUTRAL_UV, (long) frame.linesize(2) * (height / 2));
  }

  /** Fills a region with the dark grey behind letterboxed pictures. */
  void fill(Region r) {
    fillRect(r.x(), r.y(), r.width(), r.height(), GREY_Y);
  }

  /**
   * Draws {@code picture} inside {@code r}, scaled to fit with its aspect ratio kept.
   *
   * @param key identifies the source for scaler reuse (one scaler per source and size)
   */
  void draw(String key, AVFrame picture, Region r, boolean fit) {
    int sw = picture.width();
    int sh = picture.height();
    int dw = r.width();
    int dh = r.height();
    if (fit) {
      if ((long) sw * r.height() > (long) sh * r.width()) {
        dh = Math.max(2, (int) ((long) r.width() * sh / sw) & ~1);
      } else {
        dw = Math.max(2, (int) ((long) r.height() * sw / sh) & ~1);
      }
      if (dw != r.width() || dh != r.height()) {
        fill(r);
      }
    }
    int x = (r.x() + (r.width() - dw) / 2) & ~1;
    int y = (r.y() + (r.height() - dh) / 2) & ~1;
    String k = key + "|" + sw + "x" + sh + "|" + picture.format() + "|" + dw + "x" + dh;
    SwsContext sws = scalers.get(k);
    if (sws == null) {
      sws = sws_getCachedContext(null, sw, sh, picture.format(), dw, dh, AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null,
          (DoublePointer) null);
      scalers.put(k, sws);
    }
    for (int p = 0; p < 3; p++) {
      int shift = p == 0 ? 0 : 1;
      long offset = (long) (y >> shift) * frame.linesize(p) + (x >> shift);
      dst.put(p, new BytePointer(frame.data(p)).position(offset));
      dstStride.put(p, frame.linesize(p));
    }
    sws_scale(sws, picture.data(), picture.linesize(), 0, sh, dst, dstStride);
  }

  private void fillRect(int x, int y, int w, int h, int luma) {
    BytePointer yp = new BytePointer(frame.data(0));
    for (int row = y; row < y + h && row < height; row++) {
      Pointer.memset(yp.position((long) row * frame.linesize(0) + x), luma, Math.min(w, width - x));
    }
    for (int p = 1; p < 3; p++) {
      BytePointer cp = new BytePointer(frame.data(p));
      for (int row = y / 2; row < (y + h) / 2 && row < height / 2; row++) {
        Pointer.memset(cp.position((long) row * frame.linesize(p) + x / 2), NEUTRAL_UV, Math.min(w, width - x) / 2);
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      scalers.values().forEach(s -> sws_freeContext(s));
      av_frame_free(frame);
    }
  }
}
