package io.tapline.sfu.forward;

/**
 * Wall-clock microseconds derived from {@code nanoTime} (anchored once), so stamping a packet's
 * arrival costs no allocation and never goes backwards. Re-anchor by creating a new clock.
 */
public final class WallClock {
  private final long anchorMicros;
  private final long anchorNanos;

  public WallClock() {
    long millis = System.currentTimeMillis();
    anchorNanos = System.nanoTime();
    anchorMicros = millis * 1000;
  }

  public long micros(long nanoTime) {
    return anchorMicros + (nanoTime - anchorNanos) / 1000;
  }

  public long nowMicros() {
    return micros(System.nanoTime());
  }
}
