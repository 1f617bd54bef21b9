package io.tapline.jobs.schedule;

/** Quartz refused or failed an operation (ours, not the caller's). */
public class SchedulingException extends RuntimeException {
  public SchedulingException(String message, Throwable cause) {
    super(message, cause);
  }
}
