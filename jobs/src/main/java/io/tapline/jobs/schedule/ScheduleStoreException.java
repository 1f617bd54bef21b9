package io.tapline.jobs.schedule;

/** The schedules database failed (ours, not the caller's). */
public class ScheduleStoreException extends RuntimeException {
  public ScheduleStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
