package io.tapline.pipeline.manifest;

/** What happened in a recorded conversation. Names are part of the manifest format. */
public enum EventType {
  RECORDING_STARTED,
  RECORDING_PAUSED,
  RECORDING_RESUMED,
  RECORDING_STOPPED,
  PARTICIPANT_JOINED,
  PARTICIPANT_LEFT,
  TRACK_PUBLISHED,
  TRACK_UNPUBLISHED,
  TRACK_MUTED,
  TRACK_UNMUTED,
  ACTIVE_SPEAKER_CHANGED,
  SCREEN_SHARE_STARTED,
  SCREEN_SHARE_STOPPED,
  LAYOUT_CHANGED
}
