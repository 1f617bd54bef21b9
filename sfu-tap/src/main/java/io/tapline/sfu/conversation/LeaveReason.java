package io.tapline.sfu.conversation;

import java.util.Locale;

/** Why a participant left. Wire names are lower case with dashes. */
public enum LeaveReason {
  /** Asked to leave. */
  LEFT,
  /** The signaling session closed without a leave. */
  DISCONNECTED,
  /** The same participant joined again from a new session. */
  REPLACED,
  /** Removed by the application. */
  REMOVED,
  CONVERSATION_ENDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
