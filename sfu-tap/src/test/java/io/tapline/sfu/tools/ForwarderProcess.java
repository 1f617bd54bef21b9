package io.tapline.sfu.tools;

import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.webrtc.ice.IceCredentials;
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
 * java -cp ... ForwarderProcess srtp PUBLISHERS IO_THREADS SPIN_MICROS SUBSCRIBERS "sha-256 CLIENT:FINGERPRINT"
 *   stdout: "ready-webrtc PORT UFRAG:PWD,... UFRAG:PWD,... sha-256 SFU:FINGERPRINT"
 *                                            (the WebRTC port; publishers', then subscribers' credentials)
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
    MediaPlaneConfig config = LoadGenerator.planeConfig(ioThreads, spinMicros);
    Forwarders.Target target;
    if (kind.equals("srtp")) {
      target = Forwarders.webRtc(publishers, Integer.parseInt(args[4]), args[5], config);
    } else {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      List<InetSocketAddress> dests = new ArrayList<>();
      for (String port : args[4].split(",")) {
        dests.add(new InetSocketAddress(loopback, Integer.parseInt(port)));
      }
      target = Forwarders.build(kind, publishers, dests, config);
    }
    // Start-up garbage (class loading, registry, sockets) collected now rather than in a measured second.
    System.gc();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Forwarders.WebRtcSetup w = target.webRtc();
    if (w == null) {
      out.println("ready " + target.inputs().stream().map(a -> String.valueOf(a.getPort()))
          .collect(Collectors.joining(",")));
    } else {
      out.println("ready-webrtc " + w.address().getPort() + " " + credentials(w.publishers()) + " "
          + credentials(w.subscribers()) + " " + w.fingerprint());
    }
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

  private static String credentials(List<IceCredentials> cs) {
    return cs.stream().map(c -> c.ufrag() + ":" + c.pwd()).collect(Collectors.joining(","));
  }

  /** Parses the {@code ready-webrtc} line (ice-chars have no ':' ',' or ' ', RFC 8839 section 5.4). */
  static Forwarders.WebRtcSetup parseWebRtcReady(String line) {
    String[] f = line.split(" ", 5);
    return new Forwarders.WebRtcSetup(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(f[1])),
        f[4], parseCredentials(f[2]), parseCredentials(f[3]));
  }

  private static List<IceCredentials> parseCredentials(String s) {
    List<IceCredentials> out = new ArrayList<>();
    for (String c : s.split(",")) {
      int colon = c.indexOf(':');
      out.add(new IceCredentials(c.substring(0, colon), c.substring(colon + 1)));
    }
    return out;
  }
}
