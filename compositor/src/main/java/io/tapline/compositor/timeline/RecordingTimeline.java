package io.tapline.compositor.timeline;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The output timeline of a recording: wall-clock time from the recording's start with the paused
 * intervals cut out, so output files are one continuous piece. Pure; built from the event log.
 */
public final class RecordingTimeline {
  /** A paused interval of wall-clock time, end exclusive. */
  public record Pause(long startMicros, long endMicros) {}

  private final long startMicros;
  private final long endMicros;
  private final List<Pause> pauses;

  public RecordingTimeline(long startMicros, long endMicros, List<Pause> pauses) {
    this.startMicros = startMicros;
    this.endMicros = Math.max(startMicros, endMicros);
    this.pauses = List.copyOf(pauses);
  }

  /**
   * The timeline between {@code start} and {@code end} with the pauses of {@code events}. A pause
   * without a resume lasts to the end; repeated pause or resume events are ignored.
   */
  public static RecordingTimeline of(long start, long end, List<ManifestEvent> events) {
    List<Pause> pauses = new ArrayList<>();
    long pausedAt = Long.MIN_VALUE;
    for (ManifestEvent e : events.stream().sorted((a, b) -> Long.compare(a.timeMicros(), b.timeMicros())).toList()) {
      if (e.type() == EventType.RECORDING_PAUSED && pausedAt == Long.MIN_VALUE) {
        pausedAt = Math.max(e.timeMicros(), start);
      } else if (e.type() == EventType.RECORDING_RESUMED && pausedAt != Long.MIN_VALUE) {
        if (e.timeMicros() > pausedAt) {
          pauses.add(new Pause(pausedAt, Math.min(e.timeMicros(), end)));
        }
        pausedAt = Long.MIN_VALUE;
      }
    }
    if (pausedAt != Long.MIN_VALUE && pausedAt < end) {
      pauses.add(new Pause(pausedAt, end));
    }
    return new RecordingTimeline(start, end, pauses);
  }

  public long startMicros() {
    return startMicros;
  }

  public long endMicros() {
    return endMicros;
  }

  public List<Pause> pauses() {
    return pauses;
  }

  /** Output length: recording length minus pauses. */
  public long durationMicros() {
    long d = endMicros - startMicros;
    for (Pause p : pauses) {
      d -= p.endMicros() - p.startMicros();
    }
    return Math.max(0, d);
  }

  /** Whether a wall-clock instant is inside the recording and not paused. */
  public boolean isRecorded(long wallMicros) {
    if (wallMicros < startMicros || wallMicros >= endMicros) {
      return false;
    }
    for (Pause p : pauses) {
      if (wallMicros >= p.startMicros() && wallMicros < p.endMicros()) {
        return false;
      }
    }
    return true;
  }

  /** Output time of a wall-clock instant; inside a pause, the output time where the pause was cut. */
  public long outputMicros(long wallMicros) {
    long t = wallMicros - startMicros;
    for (Pause p : pauses) {
      if (wallMicros >= p.endMicros()) {
        t -= p.endMicros() - p.startMicros();
      } else if (wallMicros > p.startMicros()) {
        t -= wallMicros - p.startMicros();
      }
    }
    return t;
  }

  /** Wall-clock instant shown at an output time (the first instant after a cut pause). */
  public long wallMicros(long outputMicros) {
    long wall = startMicros + outputMicros;
    for (Pause p : pauses) {
      if (wall >= p.startMicros()) {
        wall += p.endMicros() - p.startMicros();
      }
    }
    return wall;
  }
}
