package io.tapline.compositor.timeline;

import io.tapline.compositor.layout.Tile;
import java.util.List;

/**
 * Who is on screen at one time: the tiles to lay out and the active speaker.
 *
 * @param tiles cameras in join order, then screen shares in start order
 * @param activeSpeakerId null when nobody was named speaker yet
 */
public record Scene(List<Tile> tiles, String activeSpeakerId) {
  public Scene {
    tiles = List.copyOf(tiles);
  }
}
