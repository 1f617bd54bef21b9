package io.tapline.sfu.testing;

import io.tapline.sfu.conversation.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs scheduled tasks when the test advances its fake clock past their time. */
public final class ManualScheduler implements TaskScheduler {
  private final FakeClock clock;
  private final List<Entry> pending = new ArrayList<>();

  private final class Entry implements Cancellable {
    final Instant due;
    final Runnable task;

    Entry(Instant due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    @Override
    public void cancel() {
      synchronized (ManualScheduler.this) {
        pending.remove(this);
      }
    }
  }

  public ManualScheduler(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Entry e = new Entry(clock.instant().plus(delay), task);
    pending.add(e);
    return e;
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Moves the clock and runs every task that has become due, in due order. */
  public void advance(Duration d) {
    clock.advance(d);
    while (true) {
      Entry next;
      synchronized (this) {
        next = pending.stream()
            .filter(e -> !e.due.isAfter(clock.instant()))
            .min(Comparator.comparing(e -> e.due))
            .orElse(null);
        if (next == null) {
          return;
        }
        pending.remove(next);
      }
      next.task.run();
    }
  }
}
