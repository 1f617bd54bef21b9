package io.tapline.compositor.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * A screen share large on the left, the cameras stacked in a column on the right; without a screen
 * share, a grid.
 */
public final class PresentationLayout implements Layout {
  private static final double SCREEN = 0.75;

  @Override
  public List<Region> regions(LayoutInput in) {
    List<Tile> screens = in.screens();
    if (screens.isEmpty()) {
      return GridLayout.grid(in.tiles(), 0, 0, in.width(), in.height(), 0);
    }
    Tile screen = screens.get(screens.size() - 1); // the latest share wins
    List<Tile> others = new ArrayList<>(in.cameras());
    List<Region> out = new ArrayList<>();
    if (others.isEmpty()) {
      out.add(Region.even(0, 0, in.width(), in.height(), 0, screen));
      return out;
    }
    int screenW = (int) (in.width() * SCREEN);
    out.add(Region.even(0, 0, screenW, in.height(), 0, screen));
    int colW = in.width() - screenW;
    int cellH = Math.min(in.height() / others.size(), colW * 9 / 16);
    int top = (in.height() - cellH * others.size()) / 2;
    for (int i = 0; i < others.size(); i++) {
      out.add(Region.even(screenW, top + i * cellH, colW, cellH, 1, others.get(i)));
    }
    return out;
  }
}
