package io.tapline.compositor.layout;

import java.util.Locale;

/** The layouts a composition can ask for by name. */
public enum LayoutKind {
  GRID,
  ACTIVE_SPEAKER,
  PRESENTATION,
  SINGLE,
  CUSTOM;

  /**
   * The layout of this kind.
   *
   * @param participantId for {@link #SINGLE}: who to show (null follows the speaker)
   * @param templateJson for {@link #CUSTOM}: the template
   */
  public Layout create(String participantId, String templateJson) {
    return switch (this) {
      case GRID -> new GridLayout();
      case ACTIVE_SPEAKER -> new ActiveSpeakerLayout();
      case PRESENTATION -> new PresentationLayout();
      case SINGLE -> new SingleParticipantLayout(participantId);
      case CUSTOM -> CustomLayout.parse(templateJson);
    };
  }

  public static LayoutKind parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
