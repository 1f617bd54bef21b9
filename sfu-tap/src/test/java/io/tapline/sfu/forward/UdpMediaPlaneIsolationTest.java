package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input aimed at one conversation is counted by reason there and never disturbs another. */
class UdpMediaPlaneIsolationTest {
  static final int WINDOW = 50;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(), registry);

  @AfterEach
  void close() {
    plane.close();
  }

  @Test
  void garbageTruncationAndUnknownSsrcAreCountedWhileAnotherConversationFlows() throws Exception {
    PublishEndpoint bad = plane.publish(Specs.withSsrc(Specs.audio("victim", "mallory", "m1"), 42));
    PublishEndpoint good = plane.publish(Specs.audio("healthy", "alice", "a1"));
    try (UdpPeer attacker = new UdpPeer(); UdpPeer alice = new UdpPeer(); UdpPeer sub = new UdpPeer()) {
      plane.subscribe("healthy", "bob", "a1", new SubscribeOptions(sub.address(), null, false));
      Random random = new Random(7);
      int garbage = 0;
      List<UdpPeer.Datagram> received = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        alice.send(new RtpBuilder().pt(111).ssrc(5).seq(i).ts(960L * i).build(), good.rtp());
        if (i % 3 == 0) {
          byte[] junk = new byte[12 + random.nextInt(300)];
          random.nextBytes(junk);
          junk[0] = (byte) (junk[0] & 0x3f); // version 0: neither RTP nor RTCP
          attacker.send(junk, bad.rtp());
          garbage++;
        }
        if (i % 3 == 1) {
          attacker.send(Arrays.copyOf(new RtpBuilder().pt(111).ssrc(42).seq(i).build(), 9), bad.rtp()); // truncated
        }
        if (i % 3 == 2) {
          attacker.send(new RtpBuilder().pt(111).ssrc(43).seq(i).build(), bad.rtp()); // not the announced SSRC
        }
        if ((i + 1) % WINDOW == 0) {
          // At most a window in flight: a socket buffer (capped by net.core.rmem_max, ~256 small
          // datagrams by default) or a stalled thread on a loaded machine must not lose packets here;
          // the loss this test looks for is the SFU's.
          received.addAll(sub.receive(WINDOW, Await.TIMEOUT_MILLIS));
          assertEquals(i + 1, received.size(), "the healthy conversation lost nothing (" + (i + 1) + " sent)");
        }
      }
      assertTrue(sub.drain(100).isEmpty(), "nothing but what alice sent");
      Await.equal(300, () -> plane.stats("victim").packetsIn(), "every attacker datagram reached the victim's path");
      TrafficSnapshot victim = plane.stats("victim");
      assertEquals(garbage, victim.drops("rtp.version"));
      assertEquals(100, victim.drops("rtp.truncated"));
      assertEquals(100, victim.drops(DropReasons.UNKNOWN_SSRC));
      assertEquals(300, victim.packetsIn());
      assertTrue(plane.stats("healthy").drops().isEmpty());
      assertEquals(100.0, registry.get("tapline.sfu.drops").tag("conversation", "victim").tag("reason", "rtp.truncated")
          .functionCounter().count());
      assertEquals(100.0, registry.get("tapline.sfu.total.drops").tag("reason", DropReasons.UNKNOWN_SSRC)
          .functionCounter().count());
    }
  }

  @Test
  void garbageThatLooksLikeRtcpIsCountedByTheRtcpParser() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.audio("c1", "alice", "a1"));
    try (UdpPeer attacker = new UdpPeer()) {
      byte[] lying = {(byte) 0x80, (byte) 200, 0x00, 0x40, 1, 2, 3, 4}; // SR claiming 260 bytes
      attacker.send(lying, ep.rtp());
      attacker.send(lying, ep.rtcp());
      attacker.send(new byte[] {(byte) 0x80, (byte) 201, 0, 1}, ep.rtcp()); // RR header cut short
      Await.equal(3, () -> plane.stats("c1").drops("rtcp.length"), "lengths past the datagram");
      // well-formed framing but an RTP payload type: not RTCP, dropped whole
      attacker.send(new byte[] {(byte) 0x80, 96, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2}, ep.rtcp());
      Await.equal(1, () -> plane.stats("c1").drops(RtcpReceivePath.NOT_RTCP), "not an RTCP packet type");
    }
  }
}
