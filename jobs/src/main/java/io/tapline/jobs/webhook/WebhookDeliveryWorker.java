package io.tapline.jobs.webhook;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the dispatcher every poll interval on one background thread, until closed. */
public final class WebhookDeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);

  private final WebhookDispatcher dispatcher;
  private final WebhookSettings settings;
  private volatile ScheduledExecutorService executor;
  private volatile boolean stopping;

  public WebhookDeliveryWorker(WebhookDispatcher dispatcher, WebhookSettings settings) {
    this.dispatcher = dispatcher;
    this.settings = settings;
  }

  public synchronized void start() {
    if (executor != null) {
      return;
    }
    stopping = false;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "webhook-dispatcher");
              t.setDaemon(true);
              return t;
            });
    long interval = settings.pollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::poll, 0, interval, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      // Keep going while there is a backlog, then wait for the next interval.
      while (dispatcher.dispatchDue() >= settings.batchSize() && !stopping) {
        log.debug("outbox backlog, dispatching another batch");
      }
    } catch (RuntimeException e) {
      // A failing database must not end the schedule: log and try again next interval.
      log.error("webhook dispatch round failed", e);
    }
  }

  /** Stops polling; a delivery in flight finishes (or its lease expires and it is sent again). */
  @Override
  public synchronized void close() {
    if (executor == null) {
      return;
    }
    // Let a request in flight finish (bounded by the request timeout) so its outcome is recorded.
    stopping = true;
    executor.shutdown();
    try {
      long wait = (long) settings.batchSize() * settings.requestTimeout().toMillis() + 1000;
      if (!executor.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
        log.warn("webhook dispatcher did not stop in time; interrupting it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }
}
