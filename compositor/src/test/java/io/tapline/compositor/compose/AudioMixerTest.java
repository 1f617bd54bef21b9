package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioMixerTest {
  @Test
  void loudSumsNeverClipAndTheGainRecovers() {
    AudioMixer m = new AudioMixer();
    float[] loud = new float[1024];
    for (int i = 0; i < loud.length; i++) {
      loud[i] = (float) (2.7 * Math.sin(i / 10.0)); // three voices at 0.9
    }
    m.limit(loud);
    float peak = 0;
    for (float s : loud) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertTrue(peak <= AudioMixer.CEILING + 1e-6, "peak " + peak);
    float low = m.gain();
    for (int k = 0; k < 2000; k++) {
      m.limit(new float[1024]);
    }
    assertEquals(1f, m.gain(), 1e-6);
    assertTrue(low < 0.4f);
    float[] quiet = {0.1f, -0.2f};
    m.limit(quiet);
    assertEquals(-0.2f, quiet[1], 1e-6, "quiet audio is left alone");
  }
}
