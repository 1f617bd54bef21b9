package io.tapline.sfu.auth;

/** A token was refused; {@link #reason()} says why in a form callers can map to error codes. */
public final class TokenException extends Exception {
  public enum Reason {
    MALFORMED,
    UNSUPPORTED_ALGORITHM,
    BAD_SIGNATURE,
    EXPIRED,
    NOT_YET_VALID,
    INVALID_CLAIMS
  }

  private final Reason reason;

  public TokenException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
