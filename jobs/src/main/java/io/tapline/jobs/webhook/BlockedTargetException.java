package io.tapline.jobs.webhook;

/** A webhook URL whose host is, or resolves to, an address deliveries must not reach. */
public final class BlockedTargetException extends RuntimeException {
  public BlockedTargetException(String message) {
    super(message);
  }
}
