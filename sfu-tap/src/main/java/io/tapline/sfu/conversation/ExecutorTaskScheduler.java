package io.tapline.sfu.conversation;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link TaskScheduler} over a {@link ScheduledExecutorService} owned by the caller. */
public final class ExecutorTaskScheduler implements TaskScheduler {
  private final ScheduledExecutorService executor;

  public ExecutorTaskScheduler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
