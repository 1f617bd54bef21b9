package io.tapline.sfu.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.transport.IoLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two forwarders the load test compares, built the same way whether they run inside the
 * generator's JVM or in a {@link ForwarderProcess}: a bare UDP relay and the media plane, each
 * with one input port per publisher that fans out to every subscriber.
 */
final class Forwarders {
  private Forwarders() {}

  /** A running forwarder: its input ports (one per publisher), its I/O threads and loops' counts, how to stop it. */
  record Target(List<InetSocketAddress> inputs, List<Thread> ioThreads, Supplier<List<IoLoop.LoopStats>> loopStats,
      AutoCloseable closer) {
    /** Summed over the loops: {wake-ups with datagrams, datagrams received}. */
    long[] wakeupsAndDatagrams() {
      long[] r = new long[2];
      for (IoLoop.LoopStats s : loopStats.get()) {
        r[0] += s.wakeups();
        r[1] += s.datagrams();
      }
      return r;
    }
  }

  static Target build(String kind, int publishers, List<InetSocketAddress> dests, MediaPlaneConfig config) {
    return switch (kind) {
      case "relay" -> relay(publishers, dests, config);
      case "sfu" -> sfu(publishers, dests, config);
      default -> throw new IllegalArgumentException("forwarder is relay or sfu, not " + kind);
    };
  }

  private static Target relay(int publishers, List<InetSocketAddress> dests, MediaPlaneConfig config) {
    BareRelay r = new BareRelay(config);
    List<InetSocketAddress> ins = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      ins.add(r.relay(dests));
    }
    return new Target(ins, r.ioThreads(), r::loopStats, r);
  }

  private static Target sfu(int publishers, List<InetSocketAddress> dests, MediaPlaneConfig config) {
    UdpMediaPlane plane = new UdpMediaPlane(config, TapConfig.defaults(), new SimpleMeterRegistry());
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
    return new Target(ins, plane.ioThreads(), plane::ioLoopStats, plane);
  }
}
