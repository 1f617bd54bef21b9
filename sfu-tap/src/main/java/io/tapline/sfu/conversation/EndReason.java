package io.tapline.sfu.conversation;

import java.util.Locale;

/** Why a conversation ended. Wire names are lower case with dashes. */
public enum EndReason {
  /** Nobody came back within the grace time after the last participant left. */
  EMPTY,
  /** Ended by the application (API, schedule). */
  ENDED_BY_APPLICATION,
  /** The server is shutting down. */
  SHUTDOWN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
