package io.tapline.sfu.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A small fixed set of I/O loops; work is spread over them round-robin, one track per loop. */
public final class IoLoopGroup implements AutoCloseable {
  private final List<IoLoop> loops = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  public IoLoopGroup(String name, int threads, Duration tick) {
    this(name, threads, tick, Duration.ZERO);
  }

  /** {@code spin}: see {@link IoLoop#IoLoop(String, long, long)}; zero blocks as soon as idle. */
  public IoLoopGroup(String name, int threads, Duration tick, Duration spin) {
    if (threads < 1) {
      throw new IllegalArgumentException("at least one I/O thread: " + threads);
    }
    try {
      for (int i = 0; i < threads; i++) {
        loops.add(new IoLoop(name + "-" + i, tick.toNanos(), spin.toNanos()));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot open a selector", e);
    }
  }

  public IoLoop next() {
    return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
  }

  public List<IoLoop> loops() {
    return List.copyOf(loops);
  }

  @Override
  public void close() {
    loops.forEach(IoLoop::close);
  }
}
