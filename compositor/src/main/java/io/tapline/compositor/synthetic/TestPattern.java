package io.tapline.compositor.synthetic;

import io.tapline.compositor.synthetic.YuvPicture.Color;
import java.util.Locale;

/**
 * The demo's camera picture: a background in the participant's colour, the participant's name,
 * a clock (time since the sender started, from the picture index) and a picture counter, and a
 * white bar sweeping across the bottom once every four seconds, so that motion, identity and
 * timing can all be read off any frame of a recording.
 */
public final class TestPattern implements SyntheticVideo.Painter {
  private static final int SWEEP_SECONDS = 4;

  private final String label;
  private final Color background;
  private final int fps;

  public TestPattern(String label, Color background, int fps) {
    if (fps <= 0) {
      throw new IllegalArgumentException("fps must be positive");
    }
    this.label = label.toUpperCase(Locale.ROOT);
    this.background = background;
    this.fps = fps;
  }

  @Override
  public void paint(YuvPicture p, int index) {
    p.fill(background);
    int w = p.width();
    int h = p.height();
    int big = Math.max(2, (h / 60) & ~1);
    int small = Math.max(2, (h / 90) & ~1);
    int margin = h / 20;
    p.text(label, margin, margin, big, Color.WHITE);

    long millis = index * 1000L / fps;
    String clock = String.format(Locale.ROOT, "%02d:%02d.%d", millis / 60_000, millis / 1000 % 60, millis / 100 % 10);
    int clockWidth = YuvPicture.textWidth(clock.length(), big);
    int y = h / 2 - 7 * big / 2;
    p.fillRect((w - clockWidth) / 2 - big * 2, y - big * 2, clockWidth + big * 3, 11 * big, Color.BLACK);
    p.text(clock, (w - clockWidth) / 2, y, big, Color.WHITE);
    String counter = String.format(Locale.ROOT, "#%05d", index);
    p.text(counter, (w - YuvPicture.textWidth(counter.length(), small)) / 2, y + 11 * big, small, Color.WHITE);

    int barWidth = Math.max(4, w / 32);
    int period = SWEEP_SECONDS * fps;
    int x = (int) ((long) (index % period) * (w - barWidth) / Math.max(1, period - 1));
    p.fillRect(x, h - h / 8, barWidth, h / 12, Color.WHITE);
  }
}
