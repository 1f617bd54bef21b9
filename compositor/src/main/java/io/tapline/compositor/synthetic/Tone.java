package io.tapline.compositor.synthetic;

/**
 * The demo's microphone: a sine tone that pulses, {@code onMillis} loud then quiet, once a second,
 * so each participant is recognisable by pitch and the active speaker changes as pulses overlap.
 */
public record Tone(double hz, double loud, double quiet, int onMillis) implements SyntheticAudio.Waveform {
  private static final int RATE = 48_000;

  public Tone {
    if (hz <= 0 || hz >= RATE / 2.0) {
      throw new IllegalArgumentException("tone frequency must be within (0, 24000) Hz: " + hz);
    }
    if (loud < 0 || loud > 1 || quiet < 0 || quiet > 1 || onMillis < 0 || onMillis > 1000) {
      throw new IllegalArgumentException("amplitudes are 0..1 and onMillis 0..1000");
    }
  }

  @Override
  public double sample(long index) {
    long inSecond = Math.floorMod(index, RATE);
    double amplitude = inSecond < (long) onMillis * RATE / 1000 ? loud : quiet;
    return amplitude * Math.sin(2 * Math.PI * hz * index / RATE);
  }
}
