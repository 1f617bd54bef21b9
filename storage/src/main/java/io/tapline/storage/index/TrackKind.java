package io.tapline.storage.index;

/** What a track carries. */
public enum TrackKind {
  AUDIO, VIDEO, SCREEN
}
