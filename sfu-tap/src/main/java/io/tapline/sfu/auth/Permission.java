package io.tapline.sfu.auth;

/** Actions a role may be granted. Muting or unpublishing one's own tracks needs no permission. */
public enum Permission {
  PUBLISH,
  SUBSCRIBE,
  CHAT,
  /** Mute tracks of other participants. */
  MODERATE,
  /** Start, pause, resume and stop recordings. */
  CONTROL_RECORDING
}
