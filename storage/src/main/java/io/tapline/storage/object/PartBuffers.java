package io.tapline.storage.object;

import java.lang.ref.SoftReference;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part-sized byte arrays reused from one upload to the next. A fresh multi-megabyte array is a
 * humongous allocation that the JVM zeroes and the kernel faults in page by page, and reading a
 * stream of unknown length with {@code readNBytes(int)} copies it twice (into small chunks, then
 * into the result); profiling the upload path showed that as its largest client-side cost. Idle
 * arrays are held through soft references, so the garbage collector may take them back under
 * memory pressure, and at most {@code maxIdle} are kept. Thread-safe.
 */
final class PartBuffers {
  private final int size;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<SoftReference<byte[]>> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  PartBuffers(int size, int maxIdle) {
    if (size <= 0 || maxIdle < 0) {
      throw new IllegalArgumentException("size " + size + ", maxIdle " + maxIdle);
    }
    this.size = size;
    this.maxIdle = maxIdle;
  }

  int size() {
    return size;
  }

  /** An array of {@link #size()} bytes with arbitrary content; hand it back with {@link #give}. */
  byte[] take() {
    for (SoftReference<byte[]> r; (r = idle.pollFirst()) != null; ) {
      idleCount.decrementAndGet();
      byte[] b = r.get();
      if (b != null) {
        return b;
      }
    }
    return new byte[size];
  }

  /** Returns an array no request reads any more; extra ones are left to the garbage collector. */
  void give(byte[] b) {
    if (b == null || b.length != size) {
      return;
    }
    if (idleCount.incrementAndGet() <= maxIdle) {
      idle.offerFirst(new SoftReference<>(b));
    } else {
      idleCount.decrementAndGet();
    }
  }

  /** Idle arrays held (some may have been reclaimed since). */
  int idle() {
    return idleCount.get();
  }
}
