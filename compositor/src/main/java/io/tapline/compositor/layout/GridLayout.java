package io.tapline.compositor.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Every tile in equal cells: {@code ceil(sqrt(n))} columns, as many rows as needed, the last row
 * centred.
 */
public final class GridLayout implements Layout {

  @Override
  public List<Region> regions(LayoutInput in) {
    return grid(in.tiles(), 0, 0, in.width(), in.height(), 0);
  }

  static List<Region> grid(List<Tile> tiles, int x, int y, int w, int h, int z) {
    int n = tiles.size();
    List<Region> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    int cols = (int) Math.ceil(Math.sqrt(n));
    int rows = (n + cols - 1) / cols;
    int cellW = w / cols;
    int cellH = h / rows;
    for (int i = 0; i < n; i++) {
      int row = i / cols;
      int col = i % cols;
      int inRow = Math.min(cols, n - row * cols);
      int offset = (w - inRow * cellW) / 2;
      out.add(Region.even(x + offset + col * cellW, y + row * cellH, cellW, cellH, z, tiles.get(i)));
    }
    return out;
  }
}
