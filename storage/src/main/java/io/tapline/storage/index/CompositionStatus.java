package io.tapline.storage.index;

/** Lifecycle of a composition. */
public enum CompositionStatus {
  PENDING, RENDERING, AVAILABLE, FAILED
}
