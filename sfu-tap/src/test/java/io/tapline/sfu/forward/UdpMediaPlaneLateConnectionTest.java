package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.UdpPeer;
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebRTC subscriber's connection usually completes DTLS after the subscribe: the packets sent
 * before are refused by its sink, the keyframe asked for at the subscribe may be among them, and
 * not every peer asks for another (aiortc 1.4 did not: AiortcPeerIT's peers decoded no video).
 * The plane asks the publisher for a keyframe once such a subscriber takes packets.
 */
class UdpMediaPlaneLateConnectionTest {
  static final long OUT_SSRC = 0xb0b;
  final UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(),
      new SimpleMeterRegistry());
  final Connection bob = new Connection();
  UdpPeer pub;
  int seq = 1000;

  @AfterEach
  void close() throws Exception {
    plane.close();
    if (pub != null) {
      pub.close();
    }
  }

  /** A subscribe connection as the plane sees it: its sink refuses packets until connected. */
  static final class Connection implements ConnectionPort {
    volatile boolean connected;
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger taken = new AtomicInteger();

    @Override
    public String id() {
      return "bob/sub";
    }

    @Override
    public IoLoop loop() {
      throw new UnsupportedOperationException("publishes nothing");
    }

    @Override
    public PacketSink sink() {
      return new PacketSink() {
        @Override
        public boolean sendRtp(byte[] buf, int len) {
          (connected ? taken : refused).incrementAndGet();
          return connected;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int len) {
          return connected;
        }
      };
    }

    @Override
    public void routeInbound(long ssrc, DatagramHandler rtp, DatagramHandler rtcp) {}

    @Override
    public void unrouteInbound(long ssrc) {}

    @Override
    public void routeFeedback(long outSsrc, IoLoop loop, DatagramHandler rtcp) {}

    @Override
    public void unrouteFeedback(long outSsrc) {}
  }

  PublishEndpoint publish(String kind, String codec, int pt, int clockRate) throws Exception {
    pub = new UdpPeer();
    PublishEndpoint ep = plane.publish(new TrackSpec("c1", "alice", "Alice", "cam", kind, "camera", codec, pt,
        clockRate, null, null, Map.of(), null, null));
    plane.subscribe("c1", "bob", "cam", SubscribeOptions.over(bob, OUT_SSRC));
    return ep;
  }

  void send(PublishEndpoint ep, int pt) throws Exception {
    pub.send(new RtpBuilder().pt(pt).seq(seq).ts(seq * 3000L).ssrc(0x1234).marker(true).vp8(true, false, 40).build(),
        ep.rtp());
    seq++;
  }

  @Test
  void aVideoSubscriberWhoseSinkRefusedPacketsGetsAKeyframeRequestedWhenItTakesThem() throws Exception {
    PublishEndpoint ep = publish("video", "VP8", 96, 90000);
    for (int i = 0; i < 5; i++) {
      send(ep, 96);
    }
    // the subscribe's own request goes out once the publisher is known; bob is not connected yet
    Await.equal(1, () -> plane.keyframeRequestsSent("c1", "cam"), "the subscribe's keyframe request");
    Await.until(() -> bob.refused.get() >= 5, "packets refused before bob is connected");

    bob.connected = true;
    long deadline = System.nanoTime() + Duration.ofMillis(Await.TIMEOUT_MILLIS).toNanos();
    while (plane.keyframeRequestsSent("c1", "cam") < 2 && System.nanoTime() < deadline) {
      send(ep, 96); // merged with the first for keyframeMinInterval, then sent
      Thread.sleep(20);
    }
    assertEquals(2, plane.keyframeRequestsSent("c1", "cam"), "a keyframe request once bob takes packets");
  }

  @Test
  void aSubscriberConnectedFromTheStartGetsOnlyTheSubscribesRequest() throws Exception {
    bob.connected = true;
    PublishEndpoint ep = publish("video", "VP8", 96, 90000);
    for (int i = 0; i < 30; i++) {
      send(ep, 96);
      Thread.sleep(20); // spans keyframeMinInterval (300 ms): a merged request would have gone out
    }
    Await.until(() -> bob.taken.get() >= 30, "bob takes every packet");
    assertEquals(1, plane.keyframeRequestsSent("c1", "cam"), "only the subscribe's request");
  }
}
