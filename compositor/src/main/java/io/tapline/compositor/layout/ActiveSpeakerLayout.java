package io.tapline.compositor.layout;

import java.util.ArrayList;
import java.util.List;

/** The active speaker large on top, everyone else in a strip of thumbnails below. */
public final class ActiveSpeakerLayout implements Layout {
  /** Fraction of the height given to the strip when there is one. */
  private static final double STRIP = 0.2;

  @Override
  public List<Region> regions(LayoutInput in) {
    List<Tile> cams = new ArrayList<>(in.tiles());
    Tile speaker = in.speakerTile();
    if (speaker == null) {
      return GridLayout.grid(cams, 0, 0, in.width(), in.height(), 0);
    }
    cams.remove(speaker);
    List<Region> out = new ArrayList<>();
    if (cams.isEmpty()) {
      out.add(Region.even(0, 0, in.width(), in.height(), 0, speaker));
      return out;
    }
    int stripH = (int) (in.height() * STRIP);
    int mainH = in.height() - stripH;
    out.add(Region.even(0, 0, in.width(), mainH, 0, speaker));
    int thumbW = Math.min(in.width() / cams.size(), stripH * 16 / 9);
    int left = (in.width() - thumbW * cams.size()) / 2;
    for (int i = 0; i < cams.size(); i++) {
      out.add(Region.even(left + i * thumbW, mainH, thumbW, stripH, 1, cams.get(i)));
    }
    return out;
  }
}
