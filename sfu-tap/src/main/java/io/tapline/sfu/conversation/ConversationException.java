package io.tapline.sfu.conversation;

/** A conversation operation was refused; {@link #failure()} says why in a form callers can map. */
public final class ConversationException extends RuntimeException {
  public enum Failure {
    UNKNOWN_CONVERSATION,
    CONVERSATION_ENDED,
    UNKNOWN_PARTICIPANT,
    UNKNOWN_TRACK,
    CONFLICT,
    INVALID_STATE,
    /** The media plane or the tap failed; the conversation state is unchanged. */
    MEDIA_FAILURE
  }

  private final Failure failure;

  public ConversationException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public ConversationException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
