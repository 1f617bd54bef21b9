package io.tapline.sfu.signaling;

/** WebSocket close codes the server uses (4000-4999 are for applications, RFC 6455 7.4.2). */
public final class CloseCodes {
  /** The participant left. */
  public static final int NORMAL = 1000;
  /** The conversation ended. */
  public static final int CONVERSATION_ENDED = 4000;
  /** The same participant joined from another session. */
  public static final int REPLACED = 4001;
  /** The application removed the participant. */
  public static final int REMOVED = 4003;
  /** Join refused: the token is malformed, badly signed, uses another algorithm or has expired. */
  public static final int UNAUTHORIZED = 4401;
  /** Join refused: the token is valid but not for this conversation. */
  public static final int FORBIDDEN = 4403;

  private CloseCodes() {}
}
