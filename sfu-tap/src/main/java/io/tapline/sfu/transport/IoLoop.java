package io.tapline.sfu.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread: a selector over non-blocking datagram channels (and stream channels with their
 * own {@link ChannelHandler}, e.g. the ICE-TCP listener), a task queue and periodic ticks.
 * Everything registered on a loop (a track's channels and its per-subscriber state) is touched
 * only by this thread, so the packet path needs no locks. Other threads hand work over with
 * {@link #execute} or {@link #call}.
 *
 * <p>The loop blocks in {@code epoll_wait} when idle. With a spin time it first keeps polling
 * ({@code selectNow}) for that long after the last datagram, which saves the wake-up of a parked
 * thread when the next burst comes soon, at the price of a core busy for that long after each
 * burst (off by default).
 */
public final class IoLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IoLoop.class);
  /** Datagrams read from one channel before looking at the others, so one busy sender cannot starve the rest. */
  private static final int READ_BUDGET = 64;

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final CopyOnWriteArrayList<LongConsumer> tickers = new CopyOnWriteArrayList<>();
  private final long tickNanos;
  private final long spinNanos;
  private final java.util.function.Consumer<SelectionKey> onSelected = this::onSelected;
  private final byte[] receiveArray = new byte[65536];
  private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveArray);
  private volatile boolean running = true;
  private long nextTick;
  private long wakeups; // selects that returned at least one ready channel
  private long datagrams;

  public IoLoop(String name, long tickNanos) throws IOException {
    this(name, tickNanos, 0);
  }

  /** {@code spinNanos}: how long to keep polling after the last datagram before blocking; 0 = never. */
  public IoLoop(String name, long tickNanos, long spinNanos) throws IOException {
    if (spinNanos < 0) {
      throw new IllegalArgumentException("spin time must be >= 0: " + spinNanos);
    }
    this.selector = Selector.open();
    this.tickNanos = tickNanos;
    this.spinNanos = spinNanos;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  public Thread thread() {
    return thread;
  }

  /** Runs {@code task} on the loop thread (now when called from it). */
  public void execute(Runnable task) {
    if (inLoop()) {
      task.run();
      return;
    }
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs {@code task} on the loop thread and waits for it, so control calls take effect in order. */
  public void call(Runnable task) {
    if (inLoop()) {
      task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(() -> {
      try {
        task.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(); // the loop never blocks, so this returns quickly
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the I/O loop", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Registers a channel; its datagrams go to {@code handler} on this thread. Call from any thread. */
  public void register(DatagramChannel channel, DatagramHandler handler) {
    call(() -> {
      try {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, handler);
      } catch (ClosedChannelException e) {
        log.debug("channel closed before registration");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * Registers a stream channel (a TCP listener or connection) for {@code ops}; {@code handler} is
   * called on this thread with its key whenever it is ready, and changes the key's interest itself.
   * Call from any thread. Returns its key, or null when the channel was already closed.
   */
  public SelectionKey register(SelectableChannel channel, int ops, ChannelHandler handler) {
    SelectionKey[] key = new SelectionKey[1];
    call(() -> {
      try {
        channel.configureBlocking(false);
        key[0] = channel.register(selector, ops, handler);
      } catch (ClosedChannelException e) {
        log.debug("channel closed before registration");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return key[0];
  }

  /** Adds a callback run about every tick on this thread with the current nanoTime. */
  public void addTicker(LongConsumer ticker) {
    tickers.add(ticker);
  }

  public void removeTicker(LongConsumer ticker) {
    tickers.remove(ticker);
  }

  private void run() {
    nextTick = System.nanoTime() + tickNanos;
    long lastBusy = System.nanoTime() - spinNanos; // not busy yet
    while (running) {
      try {
        int ready;
        long now = System.nanoTime();
        if (spinNanos > 0 && now - lastBusy < spinNanos) {
          ready = selector.selectNow(onSelected);
          if (ready == 0) {
            Thread.onSpinWait();
          }
        } else {
          long waitMillis = Math.max(1, (nextTick - now) / 1_000_000);
          ready = selector.select(onSelected, waitMillis); // no iterator or key set garbage per wake-up
        }
        if (ready > 0) {
          wakeups++;
          lastBusy = System.nanoTime();
        }
        for (Runnable t; (t = tasks.poll()) != null; ) {
          runSafely(t);
        }
        now = System.nanoTime();
        if (now - nextTick >= 0) {
          nextTick = now + tickNanos;
          for (LongConsumer ticker : tickers) {
            try {
              ticker.accept(now);
            } catch (RuntimeException e) {
              log.error("ticker failed", e);
            }
          }
        }
      } catch (IOException e) {
        log.error("selector failed", e);
      } catch (RuntimeException e) {
        log.error("I/O loop step failed", e); // a bug in one handler must not stop every track on this loop
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("closing selector", e);
    }
  }

  private void onSelected(SelectionKey key) {
    if (key.attachment() instanceof ChannelHandler h) {
      try {
        h.onReady(key, System.nanoTime());
      } catch (RuntimeException e) {
        log.error("channel handler failed", e);
      }
      return;
    }
    if (key.isValid() && key.isReadable()) {
      drain((DatagramChannel) key.channel(), (DatagramHandler) key.attachment());
    }
  }

  /**
   * Counts since the loop started, read on the loop thread: wake-ups that found datagrams, and
   * datagrams handed to handlers (their ratio is the batch size per wake-up).
   */
  public LoopStats stats() {
    LoopStats[] s = new LoopStats[1];
    call(() -> s[0] = new LoopStats(wakeups, datagrams));
    return s[0];
  }

  /** See {@link #stats()}. */
  public record LoopStats(long wakeups, long datagrams) {}

  private void drain(DatagramChannel channel, DatagramHandler handler) {
    for (int i = 0; i < READ_BUDGET; i++) {
      InetSocketAddress source;
      receiveBuffer.clear();
      try {
        source = (InetSocketAddress) channel.receive(receiveBuffer);
      } catch (IOException e) {
        log.debug("receive failed on {}", channel, e); // e.g. ICMP port unreachable surfaced on Linux
        continue;
      }
      if (source == null) {
        return;
      }
      datagrams++;
      try {
        handler.onDatagram(receiveArray, receiveBuffer.position(), source, System.nanoTime());
      } catch (RuntimeException e) {
        log.error("packet handler failed", e);
      }
    }
  }

  private static void runSafely(Runnable t) {
    try {
      t.run();
    } catch (RuntimeException e) {
      log.error("I/O loop task failed", e);
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
