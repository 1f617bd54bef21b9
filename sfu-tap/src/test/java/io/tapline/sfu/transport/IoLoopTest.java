package io.tapline.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The loop blocking at once (spin 0) and polling before it blocks deliver the same datagrams, tasks and ticks. */
class IoLoopTest {

  @ParameterizedTest(name = "spin {0} us")
  @ValueSource(longs = {0, 5_000})
  void deliversEveryDatagramInOrderAndCountsWakeups(long spinMicros) throws Exception {
    try (IoLoop loop = new IoLoop("test-io", TimeUnit.MILLISECONDS.toNanos(20), spinMicros * 1000);
         DatagramChannel in = DatagramChannel.open();
         DatagramChannel out = DatagramChannel.open()) {
      in.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
      loop.register(in, (buf, length, source, now) -> {
        assertTrue(loop.inLoop());
        got.add(ByteBuffer.wrap(buf, 0, length).getInt());
      });
      int n = 200;
      for (int i = 0; i < n; i++) {
        out.send(ByteBuffer.allocate(4).putInt(0, i), in.getLocalAddress());
        if (i % 50 == 49) {
          // bursts, so the loop blocks (or spins) between them; each burst taken before the next
          // one, so a loop starved of CPU never leaves more queued than the socket buffer holds
          int sent = i + 1;
          Await.equal(sent, got::size, "burst delivered");
          Thread.sleep(20);
        }
      }
      Await.equal(n, got::size, "datagrams delivered");
      int expected = 0;
      for (int v : got) {
        assertEquals(expected++, v);
      }
      IoLoop.LoopStats stats = loop.stats();
      assertEquals(n, stats.datagrams());
      assertTrue(stats.wakeups() >= 1 && stats.wakeups() <= n, "wake-ups " + stats.wakeups());
    }
  }

  @ParameterizedTest(name = "spin {0} us")
  @ValueSource(longs = {0, 50_000})
  void runsTasksAndTicksWhileIdleOrSpinning(long spinMicros) throws Exception {
    try (IoLoop loop = new IoLoop("test-io", TimeUnit.MILLISECONDS.toNanos(5), spinMicros * 1000);
         DatagramChannel in = DatagramChannel.open();
         DatagramChannel out = DatagramChannel.open()) {
      in.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      AtomicInteger received = new AtomicInteger();
      loop.register(in, (buf, length, source, now) -> received.incrementAndGet());
      out.send(ByteBuffer.allocate(4), in.getLocalAddress());
      Await.equal(1, received::get, "datagram delivered"); // with a spin time the loop now polls
      AtomicInteger ticks = new AtomicInteger();
      loop.addTicker(now -> ticks.incrementAndGet());
      AtomicInteger tasks = new AtomicInteger();
      for (int i = 0; i < 10; i++) {
        loop.execute(tasks::incrementAndGet);
      }
      Await.equal(10, tasks::get, "tasks run");
      Await.until(() -> ticks.get() >= 3, "ticks run");
      int[] onLoop = new int[1];
      loop.call(() -> onLoop[0] = loop.inLoop() ? 1 : 0);
      assertEquals(1, onLoop[0]);
    }
  }

  @Test
  void refusesANegativeSpin() {
    assertThrows(IllegalArgumentException.class, () -> new IoLoop("test-io", 1_000_000, -1));
  }
}
