package io.tapline.sfu.signaling;

/** A request is refused; the message goes to the client as is, so it must say what to fix. */
final class SignalingException extends RuntimeException {
  private final ErrorCode code;

  SignalingException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}
