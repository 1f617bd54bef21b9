package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.UdpPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulcast track through the real plane: three layers told apart by their rid header extension
 * on one port, a plain-RTP subscriber that gets the highest layer, and falls back to the next one
 * (at its keyframe, without a sequence gap) when the highest stops.
 */
class UdpMediaPlaneSimulcastTest {
  static final int RID = 10;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final UdpMediaPlane plane = new UdpMediaPlane(
      MediaPlaneConfig.defaults().withIoThreads(1).withStreamTimeout(Duration.ofMillis(300)), TapConfig.defaults(),
      registry);
  final List<UdpPeer> peers = new ArrayList<>();
  final int[] seq = {100, 20000, 60000};
  final long[] ts = {1000, 500_000, 4_000_000_000L};

  @AfterEach
  void close() throws Exception {
    plane.close();
    for (UdpPeer p : peers) {
      p.close();
    }
  }

  UdpPeer peer() throws Exception {
    UdpPeer p = new UdpPeer();
    peers.add(p);
    return p;
  }

  byte[] frame(int layer, boolean keyframe) {
    byte[] b = new RtpBuilder().pt(96).seq(seq[layer]++).ts(ts[layer]).ssrc(0x100 + layer).marker(true)
        .rid(RID, List.of("q", "h", "f").get(layer)).vp8(true, keyframe, 12).build();
    ts[layer] += 3000;
    return b;
  }

  @Test
  void aPlainSubscriberGetsTheHighestLayerAndFallsBackCleanly() throws Exception {
    TrackSpec spec = new TrackSpec("c1", "alice", "Alice", "cam", "video", "camera", "VP8", 96, 90000, null, null,
        Map.of(RID, ExtensionMap.RTP_STREAM_ID), null, new SimulcastStreams("1", List.of("q", "h", "f")));
    PublishEndpoint ep = plane.publish(spec);
    UdpPeer pub = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "cam", new SubscribeOptions(sub.address(), null, false));
    List<RtpPacket> got = new ArrayList<>();
    // all three layers, keyframes now and then; only f reaches bob
    for (int i = 0; i < 40; i++) {
      for (int layer = 0; layer < 3; layer++) {
        pub.send(frame(layer, i % 10 == 0), ep.rtp());
      }
      Thread.sleep(10);
    }
    for (UdpPeer.Datagram d : sub.drain(500)) {
      got.add(RtpPacket.parse(d.data()));
    }
    assertTrue(got.size() >= 10, "f from its first keyframe on: " + got.size());
    long ssrc = got.get(0).ssrc();
    int fromF = got.size();
    // f stops; after the stream timeout h takes over at its next keyframe
    long until = System.nanoTime() + Duration.ofMillis(Await.TIMEOUT_MILLIS).toNanos();
    int i = 0;
    while (System.nanoTime() < until && plane.stats("c1").packetsOut() < fromF + 10) {
      pub.send(frame(0, i % 10 == 0), ep.rtp());
      pub.send(frame(1, i % 10 == 0), ep.rtp());
      i++;
      Thread.sleep(10);
    }
    for (UdpPeer.Datagram d : sub.drain(500)) {
      got.add(RtpPacket.parse(d.data()));
    }
    assertTrue(got.size() >= fromF + 10, "h after the fall back: " + (got.size() - fromF));
    for (int k = 1; k < got.size(); k++) {
      assertEquals(ssrc, got.get(k).ssrc());
      assertEquals((got.get(k - 1).sequenceNumber() + 1) & 0xffff, got.get(k).sequenceNumber(), "seq at " + k);
      long dt = (got.get(k).timestamp() - got.get(k - 1).timestamp()) & 0xffffffffL;
      assertTrue(dt > 0 && dt < 0x80000000L, "timestamps move forward at " + k);
    }
    assertTrue(registry.get("tapline.sfu.total.layer.switches").functionCounter().count() >= 2);
  }
}
