package io.tapline.sfu.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Load test of the media plane against a bare UDP relay on the same I/O loops, in one run: N
 * publishers (one RTP stream each, {@code rate} packets/s) x M subscribers (each subscribed to
 * every publisher) over loopback. Each packet carries its send time (nanoTime) in its payload;
 * receivers measure the added latency. Reports delivered packets/s, I/O-thread CPU per 100k
 * packets/s, process CPU and latency percentiles for both, per round (relay and plane alternate) and
 * as medians over the rounds.
 *
 * <pre>
 * ./mvnw -B -o -q -pl sfu-tap -am -Ploadgen process-test-classes \
 *     -Dload.args="--publishers 10 --subscribers 10 --rate 1000 --seconds 10 --io-threads 1 --rounds 3"
 * </pre>
 */
public final class LoadGenerator {
  private final int publishers;
  private final int subscribers;
  private final int rate;
  private final int seconds;
  private final int ioThreads;
  private final int payloadBytes;
  private final int rounds;

  LoadGenerator(Map<String, Integer> opts) {
    publishers = opts.getOrDefault("publishers", 10);
    subscribers = opts.getOrDefault("subscribers", 10);
    rate = opts.getOrDefault("rate", 1000);
    seconds = opts.getOrDefault("seconds", 10);
    ioThreads = opts.getOrDefault("io-threads", 1);
    payloadBytes = opts.getOrDefault("payload", 200);
    rounds = opts.getOrDefault("rounds", 3);
  }

  /** What one run measured. */
  record Result(String name, double packetsPerSecond, double lossPercent, double ioCoresUsed, double processCpu,
      long p50, long p99, long p999) {
    double cpuPer100k() {
      return packetsPerSecond == 0 ? Double.NaN : ioCoresUsed * 100_000 / packetsPerSecond;
    }

    String line() {
      return String.format("%-6s out %9.0f pkt/s  loss %6.3f%%  I/O threads %.2f cores (%.2f cores per 100k pkt/s)"
              + "  process CPU %.2f cores  latency p50 %d us  p99 %d us  p99.9 %d us",
          name, packetsPerSecond, lossPercent, ioCoresUsed, cpuPer100k(), processCpu, p50, p99, p999);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, Integer> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
    }
    LoadGenerator g = new LoadGenerator(opts);
    System.out.printf("load: %d publishers x %d subscribers, %d pkt/s each (offered out %d pkt/s), %d s, %d I/O "
            + "threads, %d-byte payload; %d cores, %s%n", g.publishers, g.subscribers, g.rate,
        g.publishers * g.subscribers * g.rate, g.seconds, g.ioThreads, g.payloadBytes,
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    List<Result> relays = new ArrayList<>();
    List<Result> sfus = new ArrayList<>();
    for (int round = 0; round < g.rounds; round++) { // alternate, so drifting machine load hits both
      Result relay = g.run("relay", g::relay);
      System.out.println(relay.line());
      relays.add(relay);
      Result sfu = g.run("sfu", g::sfu);
      System.out.println(sfu.line());
      sfus.add(sfu);
    }
    Result relay = median("relay~", relays);
    Result sfu = median("sfu~", sfus);
    System.out.println("medians of " + g.rounds + " rounds:");
    System.out.println(relay.line());
    System.out.println(sfu.line());
    System.out.printf("ratio sfu/relay packet rate %.2f; goals: >= 0.5 of relay, >= 100k pkt/s out per core, "
        + "p99 added latency < 2000 us%n", sfu.packetsPerSecond() / relay.packetsPerSecond());
  }

  /** Field-wise medians. */
  static Result median(String name, List<Result> rs) {
    return new Result(name, med(rs, Result::packetsPerSecond), med(rs, Result::lossPercent),
        med(rs, Result::ioCoresUsed), med(rs, Result::processCpu), (long) med(rs, r -> r.p50()),
        (long) med(rs, r -> r.p99()), (long) med(rs, r -> r.p999()));
  }

  private static double med(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private Target relay(List<InetSocketAddress> dests) {
    BareRelay r = new BareRelay(ioThreads);
    List<InetSocketAddress> ins = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      ins.add(r.relay(dests));
    }
    return new Target(ins, r.ioThreads(), r);
  }

  private Target sfu(List<InetSocketAddress> dests) {
    UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(ioThreads),
        TapConfig.defaults(), new SimpleMeterRegistry());
    List<InetSocketAddress> ins = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      TrackSpec spec = new TrackSpec("load", "p" + p, null, "t" + p, "audio", "microphone", "opus", 111, 48000, 2,
          null, Map.of(), null);
      PublishEndpoint ep = plane.publish(spec);
      for (int s = 0; s < dests.size(); s++) {
        plane.subscribe("load", "s" + s, "t" + p, new SubscribeOptions(dests.get(s), null, false));
      }
      ins.add(ep.rtp());
    }
    return new Target(ins, plane.ioThreads(), plane);
  }

  private record Target(List<InetSocketAddress> inputs, List<Thread> ioThreads, AutoCloseable closer) {}

  private Result run(String name, Function<List<InetSocketAddress>, Target> build) throws Exception {
    List<DatagramChannel> sinks = new ArrayList<>();
    List<InetSocketAddress> dests = new ArrayList<>();
    for (int s = 0; s < subscribers; s++) {
      DatagramChannel ch = DatagramChannel.open();
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
      ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ch.configureBlocking(false);
      sinks.add(ch);
      dests.add((InetSocketAddress) ch.getLocalAddress());
    }
    Target target = build.apply(dests);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean measuring = new AtomicBoolean(false);
    LatencyHistogram histogram = new LatencyHistogram();
    long[] received = new long[1];
    Thread receiver = new Thread(() -> receive(sinks, running, measuring, histogram, received), "load-receiver");
    long[] sent = new long[1];
    Thread sender = new Thread(() -> send(target.inputs(), running, measuring, sent), "load-sender");
    receiver.start();
    sender.start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(1000); // warm-up: JIT, socket buffers
    long cpu0 = ioCpu(threads, target.ioThreads());
    long proc0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long cpu = ioCpu(threads, target.ioThreads()) - cpu0;
    long proc = os.getProcessCpuTime() - proc0;
    Thread.sleep(200); // let the last measured packets arrive
    running.set(false);
    sender.join();
    receiver.join();
    target.closer().close();
    for (DatagramChannel ch : sinks) {
      ch.close();
    }
    double expected = (double) sent[0] * subscribers;
    double loss = expected == 0 ? 0 : Math.max(0, 100.0 * (expected - received[0]) / expected);
    return new Result(name, received[0] * 1e9 / elapsed, loss, (double) cpu / elapsed, (double) proc / elapsed,
        histogram.percentileMicros(0.50), histogram.percentileMicros(0.99), histogram.percentileMicros(0.999));
  }

  private static long ioCpu(ThreadMXBean threads, List<Thread> io) {
    long sum = 0;
    for (Thread t : io) {
      sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
    }
    return sum;
  }

  /** Paces all publishers from one thread in 1 ms bursts; each packet carries nanoTime at payload offset 0. */
  private void send(List<InetSocketAddress> inputs, AtomicBoolean running, AtomicBoolean measuring, long[] sent) {
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      byte[] packet = new byte[12 + payloadBytes];
      ByteBuffer buf = ByteBuffer.wrap(packet);
      packet[0] = (byte) 0x80;
      packet[1] = 111;
      long start = System.nanoTime();
      long due = 0; // packets per publisher due so far
      int seq = 0;
      while (running.get()) {
        long shouldHave = (System.nanoTime() - start) * rate / 1_000_000_000L;
        for (; due < shouldHave; due++, seq++) {
          for (int p = 0; p < inputs.size(); p++) {
            ByteBuffer b = buf.clear();
            b.putShort(2, (short) seq).putInt(4, seq * 960).putInt(8, 1000 + p).putLong(12, System.nanoTime());
            b.put(20, (byte) (measuring.get() ? 1 : 0));
            ch.send(b, inputs.get(p));
            if (measuring.get()) {
              sent[0]++;
            }
          }
        }
        java.util.concurrent.locks.LockSupport.parkNanos(500_000);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void receive(List<DatagramChannel> sinks, AtomicBoolean running, AtomicBoolean measuring,
      LatencyHistogram histogram, long[] received) {
    try (Selector selector = Selector.open()) {
      for (DatagramChannel ch : sinks) {
        ch.register(selector, SelectionKey.OP_READ);
      }
      ByteBuffer buf = ByteBuffer.allocate(2048);
      while (running.get()) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          while (true) {
            buf.clear();
            if (ch.receive(buf) == null) {
              break;
            }
            long now = System.nanoTime();
            if (buf.position() >= 21 && buf.get(20) == 1) { // sent while measuring
              received[0]++;
              histogram.record(now - buf.getLong(12));
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
