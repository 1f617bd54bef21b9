package io.tapline.pipeline.segment;

import java.io.IOException;

/** A file that is not a segment file at all (wrong magic, unknown version, corrupt header). */
public final class SegmentFormatException extends IOException {
  private final String reason;

  public SegmentFormatException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
