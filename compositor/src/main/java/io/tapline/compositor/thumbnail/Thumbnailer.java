package io.tapline.compositor.thumbnail;

import io.tapline.compositor.media.MediaInfo;
import io.tapline.compositor.transcode.Transcoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Still pictures of a video: a poster frame at a given time, and a strip of evenly spaced
 * thumbnails written both as separate tiles and as one sprite (a grid of the tiles, row by row,
 * for scrubbing previews). Decoding, seeking and scaling by FFmpeg (libavformat, libavcodec,
 * libswscale), images encoded by libavcodec's mjpeg or png encoder.
 */
public final class Thumbnailer {
  private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);
  /** Tiles per sprite row. */
  public static final int MAX_COLUMNS = 10;
  public static final int MAX_COUNT = 200;

  /** A picture written, taken at {@code atMicros} of the video. */
  public record Image(Path file, int width, int height, long atMicros) {}

  /**
   * A strip: the tiles in time order and the sprite ({@code columns x rows} tiles of {@code
   * tileWidth x tileHeight}, unused cells of the last row black).
   */
  public record Strip(List<Image> tiles, Path sprite, int columns, int rows, int tileWidth,
      int tileHeight) {}

  /** The picture shown at {@code atMicros} (the first one at or after it). */
  public Image poster(Path video, long atMicros, ThumbnailSpec spec, Path out)
      throws IOException {
    MediaInfo info = requireVideo(video);
    if (atMicros < 0 || (info.durationMicros() > 0 && atMicros >= info.durationMicros())) {
      throw new IllegalArgumentException("poster time " + atMicros / 1000 + " ms is outside the "
          + "video (0 to " + info.durationMicros() / 1000 + " ms)");
    }
    int[] size = spec.size(info.width(), info.height());
    try (FFmpegFrameGrabber grabber = grabber(video, size)) {
      Frame f = pictureAt(grabber, atMicros, video);
      write(f, size, spec.format(), out);
      return new Image(out, size[0], size[1], f.timestamp);
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("cannot take a picture of " + video + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code count} thumbnails at the middles of {@code count} equal parts of the video, as {@code
   * thumb-000.ext}, ... and {@code sprite.ext} in {@code outDir}.
   */
  public Strip strip(Path video, int count, ThumbnailSpec spec, Path outDir) throws IOException {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("thumbnail count must be 1 to " + MAX_COUNT + ": "
          + count);
    }
    MediaInfo info = requireVideo(video);
    if (info.durationMicros() <= 0) {
      throw new IOException(video + " has no known duration to spread thumbnails over");
    }
    int[] size = spec.size(info.width(), info.height());
    int columns = Math.min(count, MAX_COLUMNS);
    int rows = (count + columns - 1) / columns;
    Files.createDirectories(outDir);
    List<Image> tiles = new ArrayList<>();
    Frame sprite = new Frame(size[0] * columns, size[1] * rows, Frame.DEPTH_UBYTE, 3);
    try (FFmpegFrameGrabber grabber = grabber(video, size)) {
      clear(sprite);
      for (int i = 0; i < count; i++) {
        long at = (2L * i + 1) * info.durationMicros() / (2L * count);
        Frame f = pictureAt(grabber, at, video);
        Path tile = outDir.resolve(String.format("thumb-%03d.%s", i, spec.format().extension()));
        write(f, size, spec.format(), tile);
        tiles.add(new Image(tile, size[0], size[1], f.timestamp));
        blit(f, sprite, (i % columns) * size[0], (i / columns) * size[1], size);
      }
      Path spritePath = outDir.resolve("sprite." + spec.format().extension());
      write(sprite, new int[] {sprite.imageWidth, sprite.imageHeight}, spec.format(), spritePath);
      log.info("{} thumbnails of {} ({}x{}) and a {}x{} sprite in {}", count, video.getFileName(),
          size[0], size[1], sprite.imageWidth, sprite.imageHeight, outDir);
      return new Strip(List.copyOf(tiles), spritePath, columns, rows, size[0], size[1]);
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("cannot take thumbnails of " + video + ": " + e.getMessage(), e);
    } finally {
      sprite.close();
    }
  }

  private static MediaInfo requireVideo(Path video) throws IOException {
    MediaInfo info = Transcoder.probe(video);
    if (!info.hasVideo()) {
      throw new IOException(video + " has no video stream");
    }
    return info;
  }

  /** Decodes to packed BGR at the thumbnail size (libswscale scales as it converts). */
  private static FFmpegFrameGrabber grabber(Path video, int[] size)
      throws FrameGrabber.Exception {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
    g.setImageWidth(size[0]);
    g.setImageHeight(size[1]);
    g.start();
    return g;
  }

  private static Frame pictureAt(FFmpegFrameGrabber grabber, long atMicros, Path video)
      throws IOException {
    // seeks to a keyframe before the time; the pictures up to it are decoded and passed over
    grabber.setTimestamp(atMicros, true);
    Frame last = null;
    for (Frame f; (f = grabber.grabImage()) != null; ) {
      last = f;
      if (f.timestamp >= atMicros) {
        return f;
      }
    }
    if (last == null) {
      throw new IOException(video + " has no picture at " + atMicros / 1000 + " ms");
    }
    return last; // the time falls within the last picture
  }

  private static void write(Frame picture, int[] size, ImageFormat format, Path out)
      throws IOException {
    Path part = out.resolveSibling(out.getFileName() + ".part");
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(part.toFile(), size[0], size[1], 0)) {
      rec.setFormat("image2");
      rec.setOption("update", "1"); // one picture, the file name is not a pattern
      rec.setVideoCodec(format.codecId());
      rec.setPixelFormat(format.pixelFormat());
      rec.setFrameRate(1);
      rec.setVideoQuality(2); // mjpeg qscale: visually lossless; ignored by png
      rec.start();
      rec.record(picture);
      rec.stop();
    }
    Files.move(part, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void clear(Frame f) {
    ByteBuffer b = (ByteBuffer) f.image[0];
    byte[] zero = new byte[f.imageStride];
    for (int y = 0; y < f.imageHeight; y++) {
      b.put(y * f.imageStride, zero);
    }
  }

  /** Copies a packed BGR picture into {@code dst} at (x, y), row by row. */
  private static void blit(Frame src, Frame dst, int x, int y, int[] size) {
    ByteBuffer s = (ByteBuffer) src.image[0];
    ByteBuffer d = (ByteBuffer) dst.image[0];
    int rowBytes = size[0] * 3;
    for (int row = 0; row < size[1]; row++) {
      d.put((y + row) * dst.imageStride + x * 3, s, row * src.imageStride, rowBytes);
    }
  }
}
