package io.tapline.compositor.thumbnail;

import java.util.Objects;

/**
 * Size and format of thumbnails.
 *
 * @param width pixels, even, 16 to 3840
 * @param height pixels, even; 0 keeps the source's aspect ratio
 */
public record ThumbnailSpec(ImageFormat format, int width, int height) {
  public ThumbnailSpec {
    Objects.requireNonNull(format, "format");
    if (width < 16 || width > 3840 || width % 2 != 0) {
      throw new IllegalArgumentException("thumbnail width must be even, 16 to 3840: " + width);
    }
    if (height != 0 && (height < 16 || height > 2160 || height % 2 != 0)) {
      throw new IllegalArgumentException("thumbnail height must be even, 16 to 2160, or 0 to "
          + "keep the aspect ratio: " + height);
    }
  }

  /** The thumbnail size for a source of {@code srcW x srcH}. */
  public int[] size(int srcW, int srcH) {
    if (height > 0) {
      return new int[] {width, height};
    }
    int h = (int) Math.round(width * (double) srcH / srcW);
    return new int[] {width, Math.max(2, h & ~1)};
  }
}
