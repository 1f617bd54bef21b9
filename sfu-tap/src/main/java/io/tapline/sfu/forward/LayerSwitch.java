package io.tapline.sfu.forward;

/**
 * Which simulcast layer one receiver (a subscriber, or the tap) gets, and the clean switch to
 * another: after {@link #retarget} the current layer keeps flowing until the target layer's next
 * keyframe starts, and only then does {@link #accept} let the target through (and the old layer
 * stop). A receiver never sees a new layer from a delta frame it cannot decode. I/O thread only.
 */
final class LayerSwitch {
  private int current = -1;
  private int target = -1;
  private long switches;

  /** Sets the layer wanted; true when it differs from what flows now (so a keyframe is needed on it). */
  boolean retarget(int layer) {
    target = layer;
    return layer >= 0 && layer != current;
  }

  /** Whether a packet of {@code layer} goes to this receiver; switches on the target's keyframe start. */
  boolean accept(int layer, boolean keyframeStart) {
    if (layer == target && layer != current && keyframeStart) {
      current = layer;
      switches++;
      return true;
    }
    return layer == current;
  }

  /** The layer that flows now, -1 before the first keyframe. */
  int current() {
    return current;
  }

  int target() {
    return target;
  }

  /** Switches done so far, the first one included. */
  long switches() {
    return switches;
  }
}
