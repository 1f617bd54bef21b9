package io.tapline.jobs.batch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits the compositions this worker renders at once (they are what costs CPU). A composition
 * waits for a slot; waiters get slots in arrival order (a fair semaphore).
 */
public final class CompositionSlots {
  private final Semaphore slots;
  private final int capacity;
  private final AtomicInteger running = new AtomicInteger();

  public CompositionSlots(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("at least one composition slot, got " + capacity);
    }
    this.capacity = capacity;
    this.slots = new Semaphore(capacity, true);
  }

  /** A held slot; close it to give it back. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits for a slot (in arrival order). */
  public Slot acquire() throws InterruptedException {
    slots.acquire();
    running.incrementAndGet();
    boolean[] closed = {false};
    return () -> {
      synchronized (closed) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
      }
      running.decrementAndGet();
      slots.release();
    };
  }

  public int capacity() {
    return capacity;
  }

  public int running() {
    return running.get();
  }

  /** Compositions waiting for a slot (an estimate, as {@link Semaphore#getQueueLength}). */
  public int waiting() {
    return slots.getQueueLength();
  }
}
