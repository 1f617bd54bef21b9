package io.tapline.compositor.compose;

/** Told how far a composition is, about once per second of output. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (fraction, speed) -> { };

  /**
   * @param fraction done, 0 to 1
   * @param speed output seconds produced per wall-clock second so far (x real time)
   */
  void onProgress(double fraction, double speed);
}
