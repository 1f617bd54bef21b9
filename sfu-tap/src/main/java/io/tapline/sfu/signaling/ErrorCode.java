package io.tapline.sfu.signaling;

import java.util.Locale;

/** The {@code code} of an {@code error} message. Wire names are lower case with dashes. */
public enum ErrorCode {
  BAD_JSON,
  BAD_MESSAGE,
  UNKNOWN_TYPE,
  MESSAGE_TOO_LARGE,
  UNSUPPORTED_VERSION,
  NOT_JOINED,
  ALREADY_JOINED,
  INVALID_TOKEN,
  TOKEN_EXPIRED,
  WRONG_CONVERSATION,
  FORBIDDEN,
  UNKNOWN_CONVERSATION,
  CONVERSATION_ENDED,
  UNKNOWN_PARTICIPANT,
  UNKNOWN_TRACK,
  CONFLICT,
  INVALID_STATE,
  MEDIA_ERROR,
  INTERNAL_ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
