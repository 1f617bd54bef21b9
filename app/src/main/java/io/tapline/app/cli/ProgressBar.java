package io.tapline.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: fraction done, speed (x real time) and time left. On a terminal one line is
 * redrawn in place ({@code \r}, at most 10 times a second); otherwise (a log file, a pipe, CI)
 * plain lines are printed, one per 10 % or every 10 s, so logs stay readable.
 */
final class ProgressBar {
  /** How progress is shown. */
  enum Mode {
    /** one line redrawn in place */
    BAR,
    /** a line now and then */
    PLAIN,
    /** nothing */
    NONE;

    /** BAR when a person is watching a terminal, else PLAIN. */
    static Mode auto() {
      // System.console() is null when stdin or stdout is redirected (Java 17 cannot ask about stderr)
      String term = System.getenv("TERM");
      return System.console() != null && !"dumb".equals(term) ? BAR : PLAIN;
    }
  }

  static final int BAR_WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final Mode mode;
  private final LongSupplier nanoClock;
  private final String label;
  private final long startNanos;
  private long lastDrawNanos = Long.MIN_VALUE;
  private double lastPlainFraction = -1;
  private int lastWidth;
  private boolean open;

  ProgressBar(PrintWriter err, Mode mode, LongSupplier nanoClock, String label) {
    this.err = err;
    this.mode = mode;
    this.nanoClock = nanoClock;
    this.label = label;
    this.startNanos = nanoClock.getAsLong();
  }

  /**
   * @param fraction done, 0 to 1
   * @param speed output seconds per wall-clock second, or NaN when unknown
   */
  void update(double fraction, double speed) {
    double f = Math.max(0, Math.min(1, fraction));
    long now = nanoClock.getAsLong();
    String line = label + " " + format(f, speed, now - startNanos, BAR_WIDTH);
    switch (mode) {
      case BAR -> {
        if (f < 1 && lastDrawNanos != Long.MIN_VALUE && now - lastDrawNanos < REDRAW_NANOS) {
          return;
        }
        err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
        open = true;
      }
      case PLAIN -> {
        boolean due = lastPlainFraction < 0 || f >= 1 && lastPlainFraction < 1
            || Math.floor(f * 10) > Math.floor(lastPlainFraction * 10) || now - lastDrawNanos >= PLAIN_EVERY_NANOS;
        if (!due) {
          return;
        }
        err.println(line);
        lastPlainFraction = f;
      }
      case NONE -> {
        return;
      }
    }
    lastDrawNanos = now;
    err.flush();
  }

  /** Ends the bar's line (a terminal's cursor stays after it otherwise). */
  void finish() {
    if (open) {
      err.println();
      err.flush();
      open = false;
    }
  }

  /**
   * {@code [###############---------------]  50.0%  2.1x  ETA 0:05}. The time left is the time
   * spent so far scaled by what is left, so it needs no duration and works for remote progress.
   */
  static String format(double fraction, double speed, long elapsedNanos, int barWidth) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.floor(f * barWidth);
    String bar = "[" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "]";
    String pct = String.format(Locale.ROOT, "%5.1f%%", f * 100);
    String spd = Double.isNaN(speed) || speed < 0 ? "   -x" : String.format(Locale.ROOT, "%4.1fx", speed);
    String eta;
    if (f >= 1) {
      eta = "done in " + clock(elapsedNanos / 1_000_000_000L);
    } else if (f <= 0 || elapsedNanos <= 0) {
      eta = "ETA --:--";
    } else {
      eta = "ETA " + clock(Math.round(elapsedNanos / 1e9 * (1 - f) / f));
    }
    return bar + " " + pct + "  " + spd + "  " + eta;
  }

  /** Seconds as m:ss, or h:mm:ss from one hour. */
  static String clock(long seconds) {
    long s = Math.max(0, seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
