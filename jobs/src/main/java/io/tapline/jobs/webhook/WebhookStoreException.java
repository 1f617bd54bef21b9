package io.tapline.jobs.webhook;

/** The webhook tables failed (ours, not the caller's). */
public class WebhookStoreException extends RuntimeException {
  public WebhookStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
