package io.tapline.jobs.schedule;

/** No schedule has this id (the caller's error: a 404 at the API). */
public class ScheduleNotFoundException extends RuntimeException {
  public ScheduleNotFoundException(String scheduleId) {
    super("no recording schedule with id '" + scheduleId + "'");
  }
}
