package io.tapline.sfu.conversation;

import java.time.Duration;

/** Runs a task later. A seam so tests drive timers with a fake clock instead of sleeping. */
public interface TaskScheduler {
  /** A scheduled task that may still be called off. */
  interface Cancellable {
    void cancel();
  }

  Cancellable schedule(Duration delay, Runnable task);
}
