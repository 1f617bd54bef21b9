package io.tapline.app.api;

import org.springframework.http.HttpStatus;

/** A refused API request: the status, a short problem type and a message a person can act on. */
public final class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String type;

  public ApiException(HttpStatus status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  public HttpStatus status() {
    return status;
  }

  /** The last part of the problem type URI, e.g. {@code validation}. */
  public String type() {
    return type;
  }

  public static ApiException invalid(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "validation", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", message);
  }
}
