package io.tapline.compositor.synthetic;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Drawing on a YUV 4:2:0 picture (an FFmpeg frame) in BT.601 limited range: filled rectangles and
 * block text. Coordinates are luma pixels; rectangles are snapped to even coordinates so that the
 * chroma planes (half size) cover them exactly.
 */
public final class YuvPicture {
  /** Y, U, V of a colour. */
  public record Color(int y, int u, int v) {
    public static final Color WHITE = new Color(235, 128, 128);
    public static final Color BLACK = new Color(16, 128, 128);

    public Color {
      if (y < 0 || y > 255 || u < 0 || u > 255 || v < 0 || v > 255) {
        throw new IllegalArgumentException("YUV components are 0-255: " + y + "," + u + "," + v);
      }
    }
  }

  private final AVFrame frame;
  private final int width;
  private final int height;

  YuvPicture(AVFrame frame) {
    this.frame = frame;
    this.width = frame.width();
    this.height = frame.height();
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public void fill(Color c) {
    Pointer.memset(frame.data(0), c.y(), (long) frame.linesize(0) * height);
    Pointer.memset(frame.data(1), c.u(), (long) frame.linesize(1) * ((height + 1) / 2));
    Pointer.memset(frame.data(2), c.v(), (long) frame.linesize(2) * ((height + 1) / 2));
  }

  /** Fills the rectangle, clipped to the picture. */
  public void fillRect(int x, int y, int w, int h, Color c) {
    int x0 = Math.max(0, x) & ~1;
    int y0 = Math.max(0, y) & ~1;
    int x1 = Math.min(width, x + w + 1) & ~1;
    int y1 = Math.min(height, y + h + 1) & ~1;
    if (x1 <= x0 || y1 <= y0) {
      return;
    }
    rows(0, x0, y0, x1 - x0, y1 - y0, c.y());
    rows(1, x0 / 2, y0 / 2, (x1 - x0) / 2, (y1 - y0) / 2, c.u());
    rows(2, x0 / 2, y0 / 2, (x1 - x0) / 2, (y1 - y0) / 2, c.v());
  }

  /** Sets the luma of exactly this rectangle (no snapping, chroma untouched), clipped to the picture. */
  public void fillLuma(int x, int y, int w, int h, int luma) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    if (x1 > x0 && y1 > y0) {
      rows(0, x0, y0, x1 - x0, y1 - y0, luma);
    }
  }

  private void rows(int plane, int x, int y, int w, int h, int value) {
    BytePointer p = new BytePointer(frame.data(plane));
    int stride = frame.linesize(plane);
    for (int row = y; row < y + h; row++) {
      Pointer.memset(p.position((long) row * stride + x), value, w);
    }
  }

  /**
   * Draws {@code text} with the 5x7 block font, each font pixel a {@code scale} x {@code scale}
   * square, top-left at (x, y); returns the width drawn.
   */
  public int text(String text, int x, int y, int scale, Color c) {
    int cx = x;
    for (int i = 0; i < text.length(); i++) {
      int[] rows = BlockFont.glyph(text.charAt(i));
      for (int r = 0; r < BlockFont.HEIGHT; r++) {
        for (int col = 0; col < BlockFont.WIDTH; col++) {
          if ((rows[r] & (1 << (BlockFont.WIDTH - 1 - col))) != 0) {
            fillRect(cx + col * scale, y + r * scale, scale, scale, c);
          }
        }
      }
      cx += BlockFont.ADVANCE * scale;
    }
    return cx - x;
  }

  /** Width {@link #text} takes for {@code length} characters at {@code scale}. */
  public static int textWidth(int length, int scale) {
    return length * BlockFont.ADVANCE * scale;
  }
}
