package io.tapline.jobs.batch;

import java.util.List;

/** A recording's segments do not match its manifest; the problems say which and how. */
public final class SegmentVerificationException extends RuntimeException {
  private final List<String> problems;

  public SegmentVerificationException(String recordingId, List<String> problems) {
    super("recording " + recordingId + " does not match its manifest: "
        + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
        + (problems.size() > 10 ? " (and " + (problems.size() - 10) + " more)" : ""));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
