package io.tapline.sfu.tools;

import io.tapline.sfu.forward.MediaPlaneConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One forwarder (bare relay or media plane) in its own JVM, driven by {@link LoadGenerator} over
 * stdin/stdout so that the generator's sender, receiver and garbage do not share this JVM (and,
 * with {@code taskset}, not its core either).
 *
 * <pre>
 * java -cp ... ForwarderProcess relay|sfu PUBLISHERS IO_THREADS SPIN_MICROS DEST_PORT,DEST_PORT,...
 *   stdout: "ready PORT,PORT,..."            (one input port per publisher, on 127.0.0.1)
 *   stdin "stats" -> stdout: "stats IO_CPU_NS PROCESS_CPU_NS IO_ALLOCATED_BYTES GC_COUNT GC_MILLIS WAKEUPS DATAGRAMS"
 *   stdin "exit" (or end of input) -> closes and exits
 * </pre>
 */
public final class ForwarderProcess {
  private ForwarderProcess() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int publishers = Integer.parseInt(args[1]);
    int ioThreads = Integer.parseInt(args[2]);
    long spinMicros = Long.parseLong(args[3]);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<InetSocketAddress> dests = new ArrayList<>();
    for (String port : args[4].split(",")) {
      dests.add(new InetSocketAddress(loopback, Integer.parseInt(port)));
    }
    MediaPlaneConfig config = LoadGenerator.planeConfig(ioThreads, spinMicros);
    Forwarders.Target target = Forwarders.build(kind, publishers, dests, config);
    // Start-up garbage (class loading, registry, sockets) collected now rather than in a measured second.
    System.gc();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("ready " + target.inputs().stream().map(a -> String.valueOf(a.getPort()))
        .collect(Collectors.joining(",")));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
        if (line.equals("stats")) {
          long cpu = 0;
          long allocated = 0;
          for (Thread t : target.ioThreads()) {
            cpu += Math.max(0, threads.getThreadCpuTime(t.getId()));
            allocated += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
          }
          long gcs = 0;
          long gcMillis = 0;
          for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
          }
          long[] loops = target.wakeupsAndDatagrams();
          out.println("stats " + cpu + " " + os.getProcessCpuTime() + " " + allocated + " " + gcs + " " + gcMillis
              + " " + loops[0] + " " + loops[1]);
        }
      }
    } finally {
      target.closer().close();
    }
  }
}
