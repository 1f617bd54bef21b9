package io.tapline.sfu.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorTaskSchedulerTest {
  @Test
  void runsDueTasksAndNotCancelledOnes() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      ExecutorTaskScheduler scheduler = new ExecutorTaskScheduler(executor);
      AtomicInteger cancelledRuns = new AtomicInteger();
      scheduler.schedule(Duration.ofHours(1), cancelledRuns::incrementAndGet).cancel();
      CountDownLatch ran = new CountDownLatch(1);
      scheduler.schedule(Duration.ZERO, ran::countDown);
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      executor.shutdown();
      assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS), "a cancelled task must not keep the executor busy");
      assertEquals(0, cancelledRuns.get());
    } finally {
      executor.shutdownNow();
    }
  }
}
