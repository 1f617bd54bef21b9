package io.tapline.sfu.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread: a selector over non-blocking datagram channels, a task queue and periodic ticks.
 * Everything registered on a loop (a track's channels and its per-subscriber state) is touched
 * only by this thread, so the packet path needs no locks. Other threads hand work over with
 * {@link #execute} or {@link #call}.
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
  private final byte[] receiveArray = new byte[65536];
  private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receiveArray);
  private volatile boolean running = true;
  private long nextTick;

  public IoLoop(String name, long tickNanos) throws IOException {
    this.selector = Selector.open();
    this.tickNanos = tickNanos;
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

  /** Adds a callback run about every tick on this thread with the current nanoTime. */
  public void addTicker(LongConsumer ticker) {
    tickers.add(ticker);
  }

  public void removeTicker(LongConsumer ticker) {
    tickers.remove(ticker);
  }

  private void run() {
    nextTick = System.nanoTime() + tickNanos;
    while (running) {
      try {
        long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
        selector.select(waitMillis);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (key.isValid() && key.isReadable()) {
            drain((DatagramChannel) key.channel(), (DatagramHandler) key.attachment());
          }
        }
        for (Runnable t; (t = tasks.poll()) != null; ) {
          runSafely(t);
        }
        long now = System.nanoTime();
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
