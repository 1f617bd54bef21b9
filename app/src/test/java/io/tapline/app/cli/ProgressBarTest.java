package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void formatsFractionSpeedAndTimeLeft() {
    // a quarter done after 10 s: 30 s left
    assertEquals("[#####---------------]  25.0%   2.5x  ETA 0:30", ProgressBar.format(0.25, 2.5, 10 * SECOND, 20));
    assertEquals("[--------------------]   0.0%     -x  ETA --:--", ProgressBar.format(0, Double.NaN, 0, 20));
    assertEquals("[####################] 100.0%  12.0x  done in 1:05", ProgressBar.format(1, 12, 65 * SECOND, 20));
    // out-of-range fractions are clamped, not drawn past the bar
    assertEquals(ProgressBar.format(1, 1, SECOND, 10), ProgressBar.format(1.7, 1, SECOND, 10));
    assertEquals(ProgressBar.format(0, 1, SECOND, 10), ProgressBar.format(-0.2, 1, SECOND, 10));
    // 0.5 of an hour's work: an hour left, shown with hours
    assertEquals("[#####-----]  50.0%   0.3x  ETA 1:00:00", ProgressBar.format(0.5, 0.3, 3600 * SECOND, 10));
  }

  @Test
  void clockShowsHoursOnlyWhenNeeded() {
    assertEquals("0:00", ProgressBar.clock(0));
    assertEquals("0:59", ProgressBar.clock(59));
    assertEquals("59:59", ProgressBar.clock(3599));
    assertEquals("1:00:00", ProgressBar.clock(3600));
    assertEquals("26:03:04", ProgressBar.clock(26 * 3600 + 184));
    assertEquals("0:00", ProgressBar.clock(-5));
  }

  @Test
  void plainModePrintsALinePerTenthAndAtTheEnd() {
    AtomicLong now = new AtomicLong();
    StringWriter w = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(w), ProgressBar.Mode.PLAIN, now::get, "composing");
    for (int i = 0; i <= 100; i++) {
      now.addAndGet(SECOND / 20); // 100 updates over 5 s: no 10 s pause
      bar.update(i / 100.0, 3.0);
    }
    bar.finish();
    List<String> lines = w.toString().lines().toList();
    assertEquals(11, lines.size(), w.toString()); // 0 %, 10 %, ..., 100 %
    assertTrue(lines.get(0).startsWith("composing [") && lines.get(0).contains("  0.0%"), lines.get(0));
    assertTrue(lines.get(5).contains(" 50.0%") && lines.get(5).contains("3.0x"), lines.get(5));
    assertTrue(lines.get(10).contains("100.0%") && lines.get(10).contains("done in 0:05"), lines.get(10));
    assertFalse(w.toString().contains("\r"), "no carriage returns in a log");
  }

  @Test
  void plainModeAlsoPrintsEveryTenSecondsOfSlowProgress() {
    AtomicLong now = new AtomicLong();
    StringWriter w = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(w), ProgressBar.Mode.PLAIN, now::get, "composing");
    bar.update(0.01, 0.1);
    now.addAndGet(9 * SECOND);
    bar.update(0.02, 0.1);
    now.addAndGet(2 * SECOND);
    bar.update(0.03, 0.1);
    assertEquals(2, w.toString().lines().count(), w.toString());
  }

  @Test
  void barModeRedrawsOneLineAtMostTenTimesASecond() {
    AtomicLong now = new AtomicLong();
    StringWriter w = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(w), ProgressBar.Mode.BAR, now::get, "composing");
    for (int i = 0; i < 50; i++) {
      now.addAndGet(SECOND / 100);
      bar.update(i / 100.0, 1.0);
    }
    bar.update(1, 1.0); // the end is always drawn
    bar.finish();
    String s = w.toString();
    long redraws = s.chars().filter(c -> c == '\r').count();
    assertEquals(6, redraws, s); // t = 0.01, 0.11, 0.21, 0.31, 0.41 s and the final 100 %
    assertTrue(s.endsWith("done in 0:00\n"), s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, redrawn in place");
  }

  @Test
  void noneModeIsSilent() {
    StringWriter w = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(w), ProgressBar.Mode.NONE, System::nanoTime, "x");
    bar.update(0.5, 1);
    bar.update(1, 1);
    bar.finish();
    assertEquals("", w.toString());
  }
}
