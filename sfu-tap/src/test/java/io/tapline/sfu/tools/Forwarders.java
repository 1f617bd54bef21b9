package io.tapline.sfu.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.transport.WebRtcConfig;
import io.tapline.sfu.webrtc.transport.WebRtcPeer;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The forwarders the load test compares, built the same way whether they run inside the
 * generator's JVM or in a {@link ForwarderProcess}: a bare UDP relay and the media plane, each
 * with one input port per publisher that fans out to every subscriber, and (the SRTP mode) the
 * media plane behind the WebRTC transport browsers use.
 */
final class Forwarders {
  private Forwarders() {}

  /** A running forwarder: its input ports (one per publisher), its I/O threads and loops' counts, how to stop it. */
  record Target(List<InetSocketAddress> inputs, List<Thread> ioThreads, Supplier<List<IoLoop.LoopStats>> loopStats,
      AutoCloseable closer, WebRtcSetup webRtc) {
    Target(List<InetSocketAddress> inputs, List<Thread> ioThreads, Supplier<List<IoLoop.LoopStats>> loopStats,
        AutoCloseable closer) {
      this(inputs, ioThreads, loopStats, closer, null);
    }

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

  /**
   * What a WebRTC client needs to connect (the signalling of the SRTP mode): the SFU's one UDP
   * port and certificate fingerprint, and the ICE credentials of each publisher's and each
   * subscriber's connection, in order. Publisher {@code p} sends SSRC {@link #publisherSsrc};
   * subscriber {@code s} receives it as {@link #subscriberSsrc} (distinct per subscriber of a track,
   * as the plane requires for feedback routing).
   */
  record WebRtcSetup(InetSocketAddress address, String fingerprint, List<IceCredentials> publishers,
      List<IceCredentials> subscribers) {
    static long publisherSsrc(int p) {
      return 1000 + p;
    }

    static long subscriberSsrc(int p, int s) {
      return 0x20000000L + ((long) s << 12) + p;
    }
  }

  static Target build(String kind, int publishers, List<InetSocketAddress> dests, MediaPlaneConfig config) {
    return switch (kind) {
      case "relay" -> relay(publishers, dests, config);
      case "sfu" -> sfu(publishers, dests, config);
      default -> throw new IllegalArgumentException("forwarder is relay or sfu, not " + kind
          + " (the SRTP SFU is built by webRtc)");
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

  /**
   * The media plane behind its {@link WebRtcTransport}: one connection per publisher (publishing one
   * Opus track) and one per subscriber (subscribed to every track), all created up front with the
   * client's certificate fingerprint, as the SFU does after an offer/answer; media flows once the
   * client has checked, nominated and finished DTLS on each. Everything runs on the plane's loops
   * (the transport on its connection loop); only the DTLS handshakes have their own threads.
   */
  static Target webRtc(int publishers, int subscribers, String clientFingerprint, MediaPlaneConfig config) {
    if (publishers > 4096) {
      throw new IllegalArgumentException("at most 4096 publishers (subscriberSsrc), not " + publishers);
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    UdpMediaPlane plane = new UdpMediaPlane(config, TapConfig.defaults(), meters);
    WebRtcTransport transport = new WebRtcTransport(WebRtcConfig.defaults(), plane.connectionLoop(), meters);
    List<WebRtcPeer> subs = new ArrayList<>();
    for (int s = 0; s < subscribers; s++) {
      subs.add(connection(transport, "s" + s, clientFingerprint));
    }
    List<WebRtcPeer> pubs = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      WebRtcPeer peer = connection(transport, "p" + p, clientFingerprint);
      pubs.add(peer);
      plane.publish(new TrackSpec("load", "p" + p, null, "t" + p, "audio", "microphone", "opus", 111, 48000, 2, null,
          Map.of(), WebRtcSetup.publisherSsrc(p)), peer);
      for (int s = 0; s < subscribers; s++) {
        plane.subscribe("load", "s" + s, "t" + p,
            SubscribeOptions.over(subs.get(s), WebRtcSetup.subscriberSsrc(p, s)));
      }
    }
    WebRtcSetup setup = new WebRtcSetup(transport.localAddress(), transport.certificate().fingerprint(),
        pubs.stream().map(WebRtcPeer::localCredentials).toList(),
        subs.stream().map(WebRtcPeer::localCredentials).toList());
    AutoCloseable closer = () -> {
      transport.close();
      plane.close();
    };
    return new Target(List.of(transport.localAddress()), plane.ioThreads(), plane::ioLoopStats, closer, setup);
  }

  private static WebRtcPeer connection(WebRtcTransport transport, String label, String clientFingerprint) {
    WebRtcPeer peer = transport.createPeer(label, null);
    peer.setRemoteFingerprint(clientFingerprint);
    return peer;
  }
}
