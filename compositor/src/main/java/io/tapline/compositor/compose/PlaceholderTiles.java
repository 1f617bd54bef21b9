package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The tile shown for a participant without video (muted, absent, undecodable): a dark grey
 * picture with the participant's name. Drawn once per name and size with Java2D (headless) and
 * converted to YUV once; frames only copy it. Uses the JDK's logical "SansSerif" font, which
 * resolves through fontconfig (DejaVu Sans on Debian: fonts-dejavu-core).
 */
final class PlaceholderTiles implements AutoCloseable {
  private static final Color BACKGROUND = new Color(0x2b, 0x2f, 0x36);
  private static final Color TEXT = new Color(0xe8, 0xea, 0xed);

  private final Map<String, AVFrame> cache = new HashMap<>();
  private boolean closed;

  AVFrame tile(String name, int width, int height) {
    return cache.computeIfAbsent(name + "|" + width + "x" + height, k -> render(name, width, height));
  }

  private static AVFrame render(String name, int width, int height) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      String text = name == null || name.isBlank() ? "?" : name;
      int size = Math.max(8, Math.min(height / 6, width / Math.max(4, text.length())));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      FontMetrics fm = g.getFontMetrics();
      g.setColor(TEXT);
      g.drawString(text, (width - fm.stringWidth(text)) / 2, (height - fm.getHeight()) / 2 + fm.getAscent());
    } finally {
      g.dispose();
    }
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    AVFrame out = av_frame_alloc();
    out.format(AV_PIX_FMT_YUV420P);
    out.width(width);
    out.height(height);
    av_frame_get_buffer(out, 32);
    SwsContext sws = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
        null, null, (DoublePointer) null);
    // swscale reads four plane pointers and strides whatever the format
    try (BytePointer src = new BytePointer(bgr);
        PointerPointer<BytePointer> planes = new PointerPointer<>(4);
        IntPointer strides = new IntPointer(new int[] {width * 3, 0, 0, 0})) {
      planes.put(0, src);
      sws_scale(sws, planes, strides, 0, height, out.data(), out.linesize());
    } finally {
      sws_freeContext(sws);
    }
    return out;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cache.values().forEach(f -> av_frame_free(f));
    }
  }
}
