package io.tapline.compositor.layout;

import java.util.List;

/**
 * What a layout sees at one instant.
 *
 * @param timeMicros output time, for layouts that change by themselves
 * @param width canvas width
 * @param height canvas height
 * @param tiles visible tiles: cameras in join order, then screen shares in start order
 * @param activeSpeakerId current active speaker, or null
 */
public record LayoutInput(long timeMicros, int width, int height, List<Tile> tiles, String activeSpeakerId) {
  public LayoutInput {
    tiles = List.copyOf(tiles);
  }

  public List<Tile> cameras() {
    return tiles.stream().filter(t -> !t.screen()).toList();
  }

  public List<Tile> screens() {
    return tiles.stream().filter(Tile::screen).toList();
  }

  /** The speaker's camera tile, else the first camera, else null. */
  public Tile speakerTile() {
    List<Tile> cams = cameras();
    return cams.stream().filter(t -> t.participantId().equals(activeSpeakerId)).findFirst()
        .orElse(cams.isEmpty() ? null : cams.get(0));
  }
}
