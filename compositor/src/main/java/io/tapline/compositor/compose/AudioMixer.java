package io.tapline.compositor.compose;

/**
 * Keeps a sum of voices below full scale: a peak limiter that lowers the gain at once when a
 * block would clip and lets it recover slowly, so nothing clips and quiet passages keep their
 * level. Works block by block on the mixed signal.
 */
final class AudioMixer {
  static final float CEILING = 0.98f;
  /** Gain recovery per block of 1024 samples: about 1 dB per 0.2 s. */
  private static final float RELEASE = 1.005f;

  private float gain = 1f;

  /** Scales {@code mix} in place so no sample exceeds {@link #CEILING}. */
  void limit(float[] mix) {
    float peak = 0;
    for (float s : mix) {
      peak = Math.max(peak, Math.abs(s));
    }
    float target = peak * gain > CEILING ? CEILING / peak : Math.min(1f, gain * RELEASE);
    float from = Math.min(gain, target);
    // a rising gain ramps across the block; a falling one applies at once (never clips)
    for (int i = 0; i < mix.length; i++) {
      float g = target >= gain ? from + (target - from) * i / mix.length : target;
      mix[i] *= g;
    }
    gain = target;
  }

  float gain() {
    return gain;
  }
}
