package io.tapline.sfu.tools;

import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.webrtc.dtls.DtlsCertificate;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Load test of the media plane against a bare UDP relay on the same I/O loops, in one run: N
 * publishers (one RTP stream each, {@code rate} packets/s) x M subscribers (each subscribed to
 * every publisher) over loopback. Each packet carries its send time (nanoTime) in its payload;
 * receivers measure the added latency. Reports delivered packets/s, I/O-thread CPU per 100k
 * packets/s, process CPU, the forwarder's allocation per packet and GCs, and latency percentiles
 * for both, per round (relay and plane alternate) and as medians over the rounds.
 *
 * <p>By default ({@code --fork 1}) each forwarder runs in its own JVM ({@link ForwarderProcess},
 * started with this JVM's class path), so the sender and receiver threads and the generator's
 * garbage do not share the forwarder's JVM; with {@code --pin 1} the forwarder is pinned to the
 * last CPU and this JVM to the others ({@code taskset}). Send and receive times are both taken in
 * this JVM ({@code System.nanoTime}, CLOCK_MONOTONIC), so the latency covers the forwarder and
 * both loopback hops, the same for relay and plane. {@code --fork 0} runs everything in one JVM
 * (the method of the first runs in BENCHMARKS.md).
 *
 * <pre>
 * ./mvnw -B -o -q -pl sfu-tap -am -Ploadgen process-test-classes \
 *     -Dload.args="--publishers 10 --subscribers 10 --rate 1000 --seconds 10 --io-threads 1 --rounds 3"
 * </pre>
 *
 * Other options: {@code --payload} bytes, {@code --warmup} seconds before measuring (default 2), {@code --fork 0|1}, {@code --pin 0|1}, {@code --spin}
 * microseconds of busy polling before an I/O loop blocks (both forwarders), {@code --forwarder-jvm}
 * comma-separated JVM options of the forwarder JVMs (e.g. {@code -XX:+UseSerialGC,-Xlog:gc:file=gc.log}),
 * {@code --forwarder-tree} another checkout whose built classes ({@code pipeline} and {@code sfu-tap}
 * {@code target/classes}, {@code target/test-classes}) the forwarder JVMs use instead of this one's:
 * a before/after comparison under the same generator (the libraries stay this JVM's).
 *
 * <p>{@code --srtp 1} adds a third forwarder to every round: the same media plane behind its
 * {@code WebRtcTransport} (one UDP port, ICE-lite, DTLS-SRTP), with every publisher and subscriber a
 * WebRTC connection from this JVM ({@link SrtpClients}: ICE check, DTLS handshake, then SRTP with
 * the send time inside the encrypted payload); {@code --srtp-profile} {@code AES_CM_128_HMAC_SHA1_80}
 * (default) or {@code AEAD_AES_128_GCM}. It then also prints what SRTP adds to the SFU's I/O cores
 * per 100k pkt/s and to this JVM's sender and receiver threads.
 */
public final class LoadGenerator {
  private final int publishers;
  private final int subscribers;
  private final int rate;
  private final int seconds;
  private final int ioThreads;
  private final int payloadBytes;
  private final int rounds;
  private final int warmupSeconds;
  private final boolean fork;
  private final boolean pin;
  private final long spinMicros;
  private final List<String> forwarderJvm;
  private final String forwarderClassPath;
  private final SrtpProfile srtpProfile; // null without --srtp 1
  private final DtlsCertificate clientCertificate; // every generator-side WebRTC connection's

  LoadGenerator(Map<String, String> opts) {
    publishers = intOpt(opts, "publishers", 10);
    subscribers = intOpt(opts, "subscribers", 10);
    rate = intOpt(opts, "rate", 1000);
    seconds = intOpt(opts, "seconds", 10);
    ioThreads = intOpt(opts, "io-threads", 1);
    payloadBytes = intOpt(opts, "payload", 200);
    rounds = intOpt(opts, "rounds", 3);
    warmupSeconds = intOpt(opts, "warmup", 2);
    fork = intOpt(opts, "fork", 1) != 0;
    pin = fork && intOpt(opts, "pin", 0) != 0;
    spinMicros = intOpt(opts, "spin", 0);
    String jvm = opts.getOrDefault("forwarder-jvm", "");
    forwarderJvm = jvm.isBlank() ? List.of() : List.of(jvm.split(","));
    String tree = opts.get("forwarder-tree");
    forwarderClassPath = tree == null ? System.getProperty("java.class.path") : classPathIn(Path.of(tree));
    srtpProfile = intOpt(opts, "srtp", 0) == 0 ? null
        : SrtpProfile.valueOf(opts.getOrDefault("srtp-profile", SrtpProfile.AES_CM_128_HMAC_SHA1_80.name()));
    clientCertificate = srtpProfile == null ? null : DtlsCertificate.generate(new java.security.SecureRandom());
  }

  private static int intOpt(Map<String, String> opts, String name, int dflt) {
    String v = opts.get(name);
    return v == null ? dflt : Integer.parseInt(v);
  }

  /** The plane's settings for the load test; the relay uses the same loop settings. */
  static MediaPlaneConfig planeConfig(int ioThreads, long spinMicros) {
    return MediaPlaneConfig.defaults().withIoThreads(ioThreads).withIoSpin(java.time.Duration.ofNanos(spinMicros * 1000));
  }

  /**
   * What one run measured. Allocation is the forwarder's I/O threads' bytes per packet out; GCs are
   * those of the forwarder's JVM (the whole process with {@code --fork 0}) during the measurement;
   * generator cores are this JVM's sender and receiver threads (printed only with {@code --srtp 1}).
   */
  record Result(String name, double packetsPerSecond, double lossPercent, double ioCoresUsed, double processCpu,
      double allocPerPacket, double gcs, double gcMillis, double inPerWakeup, long p50, long p99, long p999, long max,
      double generatorCores, double undecryptable) {
    double cpuPer100k() {
      return packetsPerSecond == 0 ? Double.NaN : ioCoresUsed * 100_000 / packetsPerSecond;
    }

    double generatorCoresPer100k() {
      return packetsPerSecond == 0 ? Double.NaN : generatorCores * 100_000 / packetsPerSecond;
    }

    String line() {
      return String.format("%-6s out %9.0f pkt/s  loss %6.3f%%  I/O threads %.2f cores (%.2f cores per 100k pkt/s)"
              + "  process CPU %.2f cores  alloc %.1f B/pkt  GC %.0f (%.0f ms)  %.1f in/wake-up"
              + "  latency p50 %d us  p99 %d us  p99.9 %d us  max %d us",
          name, packetsPerSecond, lossPercent, ioCoresUsed, cpuPer100k(), processCpu, allocPerPacket, gcs, gcMillis,
          inPerWakeup, p50, p99, p999, max);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    LoadGenerator g = new LoadGenerator(opts);
    System.out.printf("load: %d publishers x %d subscribers, %d pkt/s each (offered out %d pkt/s), %d s, %d I/O "
            + "threads, %d-byte payload, spin %d us; %s; %d cores, %s, Java %s, load average %s%n", g.publishers,
        g.subscribers, g.rate, g.publishers * g.subscribers * g.rate, g.seconds, g.ioThreads, g.payloadBytes,
        g.spinMicros, g.fork ? "forwarder in its own JVM" + (g.pin ? " pinned to the last CPU" : "")
            + (g.forwarderJvm.isEmpty() ? "" : " with " + g.forwarderJvm)
            + (g.forwarderClassPath.equals(System.getProperty("java.class.path")) ? "" : ", classes of "
                + opts.get("forwarder-tree")) : "one JVM",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
        System.getProperty("java.version"), loadAverage());
    if (g.pin) {
      g.pinSelf();
    }
    if (g.srtpProfile != null) {
      System.out.println("srtp: the SFU's WebRTC transport (one UDP port, ICE-lite, DTLS-SRTP), " + g.srtpProfile
          + "; one connection per publisher and per subscriber from this JVM");
    }
    List<Result> relays = new ArrayList<>();
    List<Result> sfus = new ArrayList<>();
    List<Result> srtps = new ArrayList<>();
    for (int round = 0; round < g.rounds; round++) { // alternate, so drifting machine load hits both
      Result relay = g.run("relay");
      System.out.println(relay.line() + "  load " + loadAverage());
      relays.add(relay);
      Result sfu = g.run("sfu");
      System.out.println(sfu.line() + "  load " + loadAverage());
      sfus.add(sfu);
      if (g.srtpProfile != null) {
        Result srtp = g.run("srtp");
        System.out.println(srtp.line() + "  load " + loadAverage());
        srtps.add(srtp);
      }
    }
    Result relay = median("relay~", relays);
    Result sfu = median("sfu~", sfus);
    System.out.println("medians of " + g.rounds + " rounds:");
    System.out.println(relay.line());
    System.out.println(sfu.line());
    Result srtp = srtps.isEmpty() ? null : median("srtp~", srtps);
    if (srtp != null) {
      System.out.println(srtp.line());
    }
    System.out.printf("ratio sfu/relay packet rate %.2f; goals: >= 0.5 of relay, >= 100k pkt/s out per core, "
        + "p99 added latency < 2000 us%n", sfu.packetsPerSecond() / relay.packetsPerSecond());
    if (srtp != null) {
      System.out.println(srtpSummary(relay, sfu, srtp));
    }
  }

  /** What SRTP adds: the SFU's I/O cores per 100k pkt/s against plain RTP, and the generator's own. */
  static String srtpSummary(Result relay, Result sfu, Result srtp) {
    return String.format("srtp: ratio srtp/sfu packet rate %.2f, srtp/relay %.2f; SFU I/O threads per 100k pkt/s: "
            + "relay %.2f, sfu %.2f, srtp %.2f cores (SRTP adds %.2f); generator send+receive threads per 100k "
            + "pkt/s: relay %.2f, sfu %.2f, srtp %.2f cores (its SRTP %.2f); %.0f packets failed to unprotect",
        srtp.packetsPerSecond() / sfu.packetsPerSecond(), srtp.packetsPerSecond() / relay.packetsPerSecond(),
        relay.cpuPer100k(), sfu.cpuPer100k(), srtp.cpuPer100k(), srtp.cpuPer100k() - sfu.cpuPer100k(),
        relay.generatorCoresPer100k(), sfu.generatorCoresPer100k(), srtp.generatorCoresPer100k(),
        srtp.generatorCoresPer100k() - sfu.generatorCoresPer100k(), srtp.undecryptable());
  }

  /** This JVM's class path with the project's own module classes taken from {@code tree}. */
  private static String classPathIn(Path tree) {
    var own = java.util.regex.Pattern.compile(".*[/\\\\]((pipeline|sfu-tap)[/\\\\]target[/\\\\](test-)?classes)[/\\\\]?");
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      var m = own.matcher(e);
      out.add(m.matches() ? tree.resolve(m.group(1)).toString() : e);
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** This JVM on every CPU but the last; the forwarder gets the last one. */
  private void pinSelf() throws IOException, InterruptedException {
    int cpus = Runtime.getRuntime().availableProcessors();
    String mine = cpus == 1 ? "0" : "0-" + (cpus - 2);
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", mine, String.valueOf(ProcessHandle.current().pid()))
        .redirectErrorStream(true).start();
    p.getInputStream().transferTo(OutputStream.nullOutputStream());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("taskset failed (is util-linux installed?)");
    }
  }

  /** Field-wise medians. */
  static Result median(String name, List<Result> rs) {
    return new Result(name, med(rs, Result::packetsPerSecond), med(rs, Result::lossPercent),
        med(rs, Result::ioCoresUsed), med(rs, Result::processCpu), med(rs, Result::allocPerPacket),
        med(rs, Result::gcs), med(rs, Result::gcMillis), med(rs, Result::inPerWakeup), (long) med(rs, r -> r.p50()),
        (long) med(rs, r -> r.p99()), (long) med(rs, r -> r.p999()), (long) med(rs, r -> r.max()),
        med(rs, Result::generatorCores), med(rs, Result::undecryptable));
  }

  private static double med(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** CPU, allocation and GC counters of the forwarder, read at the start and end of the measurement. */
  private record Counters(long ioCpu, long processCpu, long ioAllocated, long gcs, long gcMillis, long wakeups,
      long datagrams) {
    Counters minus(Counters o) {
      return new Counters(ioCpu - o.ioCpu, processCpu - o.processCpu, ioAllocated - o.ioAllocated, gcs - o.gcs,
          gcMillis - o.gcMillis, wakeups - o.wakeups, datagrams - o.datagrams);
    }
  }

  /** A forwarder under test, in this JVM or another. */
  private interface Forwarder extends AutoCloseable {
    List<InetSocketAddress> inputs();

    /** How to connect to the SRTP forwarder; null for the plain ones. */
    default Forwarders.WebRtcSetup webRtc() {
      return null;
    }

    Counters counters() throws IOException;

    @Override
    void close() throws Exception;
  }

  private Forwarder inProcess(String kind, List<InetSocketAddress> dests) {
    MediaPlaneConfig config = planeConfig(ioThreads, spinMicros);
    Forwarders.Target target = kind.equals("srtp")
        ? Forwarders.webRtc(publishers, subscribers, clientCertificate.fingerprint(), config)
        : Forwarders.build(kind, publishers, dests, config);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Forwarder() {
      @Override
      public List<InetSocketAddress> inputs() {
        return target.inputs();
      }

      @Override
      public Forwarders.WebRtcSetup webRtc() {
        return target.webRtc();
      }

      @Override
      public Counters counters() {
        long cpu = 0;
        long allocated = 0;
        for (Thread t : target.ioThreads()) {
          cpu += Math.max(0, threads.getThreadCpuTime(t.getId()));
          allocated += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
        }
        long gcs = 0;
        long gcMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
          gcs += Math.max(0, gc.getCollectionCount());
          gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long[] loops = target.wakeupsAndDatagrams();
        return new Counters(cpu, os.getProcessCpuTime(), allocated, gcs, gcMillis, loops[0], loops[1]);
      }

      @Override
      public void close() throws Exception {
        target.closer().close();
      }
    };
  }

  private Forwarder forked(String kind, List<InetSocketAddress> dests) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (pin) {
      cmd.addAll(List.of("taskset", "-c", String.valueOf(Runtime.getRuntime().availableProcessors() - 1)));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(forwarderJvm);
    cmd.addAll(List.of("-cp", forwarderClassPath, ForwarderProcess.class.getName(), kind,
        String.valueOf(publishers), String.valueOf(ioThreads), String.valueOf(spinMicros)));
    if (kind.equals("srtp")) {
      cmd.addAll(List.of(String.valueOf(subscribers), clientCertificate.fingerprint()));
    } else {
      cmd.add(dests.stream().map(a -> String.valueOf(a.getPort())).collect(Collectors.joining(",")));
    }
    Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    PrintStream in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = out.readLine();
    if (ready == null || !(ready.startsWith("ready ") || ready.startsWith("ready-webrtc "))) {
      process.destroyForcibly();
      throw new IllegalStateException("forwarder process did not start: " + ready + " (" + cmd + ")");
    }
    Forwarders.WebRtcSetup webRtc = ready.startsWith("ready-webrtc ") ? ForwarderProcess.parseWebRtcReady(ready) : null;
    List<InetSocketAddress> inputs = new ArrayList<>();
    if (webRtc != null) {
      inputs.add(webRtc.address());
    } else {
      for (String port : ready.substring(6).split(",")) {
        inputs.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
      }
    }
    return new Forwarder() {
      @Override
      public List<InetSocketAddress> inputs() {
        return inputs;
      }

      @Override
      public Forwarders.WebRtcSetup webRtc() {
        return webRtc;
      }

      @Override
      public Counters counters() throws IOException {
        in.println("stats");
        String line = out.readLine();
        if (line == null || !line.startsWith("stats ")) {
          throw new IOException("forwarder process answered " + line);
        }
        String[] f = line.split(" ");
        return new Counters(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
      }

      @Override
      public void close() throws Exception {
        in.println("exit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    };
  }

  /**
   * One measured run of forwarder {@code name}: relay, sfu (plain RTP to and from UDP sinks) or srtp
   * (WebRTC connections through {@link SrtpClients}).
   */
  Result run(String name) throws Exception {
    List<DatagramChannel> sinks = new ArrayList<>();
    List<InetSocketAddress> dests = new ArrayList<>();
    if (!name.equals("srtp")) {
      for (int s = 0; s < subscribers; s++) {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ch.configureBlocking(false);
        sinks.add(ch);
        dests.add((InetSocketAddress) ch.getLocalAddress());
      }
    }
    Forwarder target = fork ? forked(name, dests) : inProcess(name, dests);
    SrtpClients clients;
    try {
      clients = target.webRtc() == null ? null : SrtpClients.connect(target.webRtc(), clientCertificate, srtpProfile);
    } catch (IOException | RuntimeException e) {
      target.close();
      throw e;
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean measuring = new AtomicBoolean(false);
    LatencyHistogram histogram = new LatencyHistogram();
    long[] received = new long[1];
    long[] sent = new long[1];
    Runnable receiving = clients != null ? () -> clients.receive(running, histogram, received)
        : () -> receive(sinks, running, measuring, histogram, received);
    Runnable sending = clients != null ? () -> clients.send(rate, payloadBytes, running, measuring, sent)
        : () -> send(target.inputs(), running, measuring, sent);
    Thread receiver = new Thread(receiving, "load-receiver");
    Thread sender = new Thread(sending, "load-sender");
    receiver.start();
    sender.start();
    Thread.sleep(warmupSeconds * 1000L); // warm-up: JIT (a fresh JVM per run when forked), socket buffers
    Counters c0 = target.counters();
    long g0 = generatorCpu(sender, receiver);
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long generator = generatorCpu(sender, receiver) - g0;
    Counters c = target.counters().minus(c0);
    Thread.sleep(200); // let the last measured packets arrive
    running.set(false);
    sender.join();
    receiver.join();
    target.close();
    for (DatagramChannel ch : sinks) {
      ch.close();
    }
    if (clients != null) {
      clients.close();
    }
    double expected = (double) sent[0] * subscribers;
    double loss = expected == 0 ? 0 : Math.max(0, 100.0 * (expected - received[0]) / expected);
    return new Result(name, received[0] * 1e9 / elapsed, loss, (double) c.ioCpu() / elapsed,
        (double) c.processCpu() / elapsed, received[0] == 0 ? 0 : (double) c.ioAllocated() / received[0], c.gcs(),
        c.gcMillis(), c.wakeups() == 0 ? 0 : (double) c.datagrams() / c.wakeups(), histogram.percentileMicros(0.50), histogram.percentileMicros(0.99),
        histogram.percentileMicros(0.999), histogram.percentileMicros(1.0), (double) generator / elapsed,
        clients == null ? 0 : clients.undecryptable());
  }

  /** CPU time of this JVM's sender and receiver threads so far. */
  private static long generatorCpu(Thread sender, Thread receiver) {
    var threads = ManagementFactory.getThreadMXBean();
    return Math.max(0, threads.getThreadCpuTime(sender.getId())) + Math.max(0, threads.getThreadCpuTime(receiver.getId()));
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
