package io.tapline.compositor.layout;

/**
 * A rectangle of the output picture and what fills it. Coordinates are even so that 4:2:0 chroma
 * planes line up.
 *
 * @param z drawing order, higher on top
 */
public record Region(int x, int y, int width, int height, int z, Tile tile) {

  /** A region snapped to even pixels. */
  public static Region even(int x, int y, int width, int height, int z, Tile tile) {
    int x0 = x & ~1;
    int y0 = y & ~1;
    int x1 = (x + width) & ~1;
    int y1 = (y + height) & ~1;
    return new Region(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0), z, tile);
  }
}
