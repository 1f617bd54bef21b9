package io.tapline.compositor.layout;

import java.util.List;

/** One participant's camera full frame: a chosen one, else the active speaker, else the first. */
public final class SingleParticipantLayout implements Layout {
  private final String participantId;

  /** @param participantId who to show, or null to follow the active speaker */
  public SingleParticipantLayout(String participantId) {
    this.participantId = participantId;
  }

  @Override
  public List<Region> regions(LayoutInput in) {
    Tile t = in.cameras().stream().filter(c -> c.participantId().equals(participantId)).findFirst()
        .orElse(participantId == null ? in.speakerTile() : null);
    return t == null ? List.of() : List.of(Region.even(0, 0, in.width(), in.height(), 0, t));
  }
}
