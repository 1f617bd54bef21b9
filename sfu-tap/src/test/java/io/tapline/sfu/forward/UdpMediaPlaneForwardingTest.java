package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.media.MediaListener;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.speaker.SpeakerConfig;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpMediaPlaneForwardingTest {
  /**
   * Long enough that a loaded machine does not stall a live publisher past it between two steps
   * of a test (a second sender would then be taken for a restart); the restart tests wait it out.
   */
  static final Duration STREAM_TIMEOUT = Duration.ofSeconds(1);
  /** Silence that makes a restart acceptable: longer than the stream timeout. */
  static final long PAST_STREAM_TIMEOUT_MILLIS = STREAM_TIMEOUT.toMillis() + 200;

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final UdpMediaPlane plane = new UdpMediaPlane(
      MediaPlaneConfig.defaults().withIoThreads(1).withStreamTimeout(STREAM_TIMEOUT)
          .withSpeaker(new SpeakerConfig(Duration.ofMillis(100), 6, Duration.ofMillis(300), 90, Duration.ofMillis(400),
              Duration.ofMillis(50))),
      TapConfig.defaults(), registry);
  final List<UdpPeer> peers = new ArrayList<>();

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

  static List<RtpPacket> rtp(List<UdpPeer.Datagram> ds) throws Exception {
    List<RtpPacket> out = new ArrayList<>();
    for (UdpPeer.Datagram d : ds) {
      out.add(RtpPacket.parse(d.data()));
    }
    return out;
  }

  @Test
  void eachSubscriberGetsItsOwnSsrcAndContinuousSequence() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.audio("c1", "alice", "a1"));
    UdpPeer pub = peer();
    UdpPeer s1 = peer();
    UdpPeer s2 = peer();
    plane.subscribe("c1", "bob", "a1", new SubscribeOptions(s1.address(), null, false));
    plane.subscribe("c1", "carol", "a1", new SubscribeOptions(s2.address(), null, false));
    for (int i = 0; i < 50; i++) {
      pub.send(new RtpBuilder().pt(111).seq(65500 + i).ts(1000 + 960L * i).ssrc(0xabcdefL).build(), ep.rtp());
    }
    List<RtpPacket> got1 = rtp(s1.receive(50, Await.TIMEOUT_MILLIS));
    List<RtpPacket> got2 = rtp(s2.receive(50, Await.TIMEOUT_MILLIS));
    assertEquals(50, got1.size());
    assertEquals(50, got2.size());
    assertTrue(s1.drain(50).isEmpty() && s2.drain(50).isEmpty(), "one copy each");
    assertNotEquals(got1.get(0).ssrc(), got2.get(0).ssrc());
    for (List<RtpPacket> got : List.of(got1, got2)) {
      assertNotEquals(0xabcdefL, got.get(0).ssrc());
      for (int i = 1; i < got.size(); i++) {
        assertEquals(got.get(0).ssrc(), got.get(i).ssrc());
        assertEquals((got.get(i - 1).sequenceNumber() + 1) & 0xffff, got.get(i).sequenceNumber());
        assertEquals(960, (got.get(i).timestamp() - got.get(i - 1).timestamp()) & 0xffffffffL);
      }
    }
    TrafficSnapshot stats = plane.stats("c1");
    assertEquals(50, stats.packetsIn());
    assertEquals(100, stats.packetsOut());
    assertEquals(100.0, registry.get("tapline.sfu.packets").tag("conversation", "c1").tag("direction", "out")
        .functionCounter().count());
    assertEquals(100.0, registry.get("tapline.sfu.total.packets").tag("direction", "out").functionCounter().count());
  }

  @Test
  void publisherRestartWithNewSsrcAndPortContinuesTheSubscriberStream() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    UdpPeer first = peer();
    UdpPeer second = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "v1", new SubscribeOptions(sub.address(), null, false));
    for (int i = 0; i < 10; i++) {
      first.send(new RtpBuilder().seq(100 + i).ts(5000 + 3000L * i).ssrc(1).vp8(true, i == 0, 30).build(), ep.rtp());
    }
    assertEquals(10, sub.receive(10, Await.TIMEOUT_MILLIS).size());
    // while the first sender is live, a second one is refused
    second.send(new RtpBuilder().seq(7).ts(1).ssrc(2).vp8(true, true, 30).build(), ep.rtp());
    Await.equal(1, () -> plane.stats("c1").drops(DropReasons.WRONG_SOURCE), "second sender refused");
    assertTrue(sub.drain(100).isEmpty());
    Thread.sleep(PAST_STREAM_TIMEOUT_MILLIS); // the restart is accepted
    for (int i = 0; i < 10; i++) {
      second.send(new RtpBuilder().seq(40000 + i).ts(999_999L + 3000L * i).ssrc(2).vp8(true, i == 0, 30).build(),
          ep.rtp());
    }
    List<RtpPacket> after = rtp(sub.receive(10, Await.TIMEOUT_MILLIS));
    assertEquals(10, after.size());
    // the subscriber cannot tell: same SSRC, next sequence number, time moving forward
    assertEquals(after.get(0).ssrc(), after.get(9).ssrc());
    for (int i = 1; i < after.size(); i++) {
      assertEquals((after.get(i - 1).sequenceNumber() + 1) & 0xffff, after.get(i).sequenceNumber());
      assertEquals(3000, (after.get(i).timestamp() - after.get(i - 1).timestamp()) & 0xffffffffL);
    }
  }

  @Test
  void sequenceContinuesAcrossTheRestartBoundary() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.audio("c1", "alice", "a1"));
    UdpPeer first = peer();
    UdpPeer second = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "a1", new SubscribeOptions(sub.address(), null, false));
    long firstSent = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      first.send(new RtpBuilder().pt(111).seq(10 + i).ts(960L * i).ssrc(1).build(), ep.rtp());
    }
    List<RtpPacket> a = rtp(sub.receive(5, Await.TIMEOUT_MILLIS));
    Thread.sleep(PAST_STREAM_TIMEOUT_MILLIS); // the restart is accepted
    for (int i = 0; i < 5; i++) {
      second.send(new RtpBuilder().pt(111).seq(30000 + i).ts(77_000 + 960L * i).ssrc(9).build(), ep.rtp());
    }
    List<RtpPacket> b = rtp(sub.receive(5, Await.TIMEOUT_MILLIS));
    long wallMillis = (System.nanoTime() - firstSent) / 1_000_000;
    assertEquals(5, a.size());
    assertEquals(5, b.size());
    assertEquals(a.get(0).ssrc(), b.get(0).ssrc());
    assertEquals((a.get(4).sequenceNumber() + 1) & 0xffff, b.get(0).sequenceNumber());
    long gap = (b.get(0).timestamp() - a.get(4).timestamp()) & 0xffffffffL;
    // the timestamp advanced by the wall time, not backwards: at least the silence the restart
    // needed, at most the time the whole exchange took here (plus one 20 ms frame)
    long atLeast = 48L * STREAM_TIMEOUT.toMillis();
    long atMost = 48L * (wallMillis + 20);
    assertTrue(gap >= atLeast && gap <= atMost, "gap " + gap + " outside [" + atLeast + ", " + atMost + "]");
  }

  @Test
  void muteStopsForwardingAndUnmuteContinuesTheSequence() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.audio("c1", "alice", "a1"));
    UdpPeer pub = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "a1", new SubscribeOptions(sub.address(), null, false));
    int seq = 0;
    for (int i = 0; i < 5; i++, seq++) {
      pub.send(new RtpBuilder().pt(111).seq(seq).ts(960L * seq).build(), ep.rtp());
    }
    List<RtpPacket> a = rtp(sub.receive(5, Await.TIMEOUT_MILLIS));
    assertEquals(5, a.size());
    plane.setMuted("c1", "a1", true);
    for (int i = 0; i < 5; i++, seq++) {
      pub.send(new RtpBuilder().pt(111).seq(seq).ts(960L * seq).build(), ep.rtp());
    }
    Await.equal(5, () -> plane.stats("c1").drops(DropReasons.MUTED), "muted packets");
    assertTrue(sub.drain(100).isEmpty());
    plane.setMuted("c1", "a1", false);
    for (int i = 0; i < 5; i++, seq++) {
      pub.send(new RtpBuilder().pt(111).seq(seq).ts(960L * seq).build(), ep.rtp());
    }
    List<RtpPacket> b = rtp(sub.receive(5, Await.TIMEOUT_MILLIS));
    assertEquals(5, b.size());
    assertEquals((a.get(4).sequenceNumber() + 1) & 0xffff, b.get(0).sequenceNumber(), "no gap a receiver would NACK");
  }

  @Test
  void trackStartedAndActiveSpeakerReachListeners() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    plane.addListener(new MediaListener() {
      @Override
      public void activeSpeakerChanged(String conversationId, String participantId) {
        events.add("speaker:" + participantId);
      }

      @Override
      public void trackStarted(String conversationId, String trackId) {
        events.add("started:" + trackId);
      }
    });
    PublishEndpoint alice = plane.publish(Specs.audio("c1", "alice", "a1"));
    PublishEndpoint bob = plane.publish(Specs.audio("c1", "bob", "b1"));
    UdpPeer pa = peer();
    UdpPeer pb = peer();
    // alice talks (level 20 -dBov), bob is near silence, for 600 ms
    for (int i = 0; i < 30; i++) {
      pa.send(new RtpBuilder().pt(111).seq(i).ts(960L * i).ssrc(1).audioLevel(1, 20).build(), alice.rtp());
      pb.send(new RtpBuilder().pt(111).seq(i).ts(960L * i).ssrc(2).audioLevel(1, 110).build(), bob.rtp());
      Thread.sleep(20);
    }
    // then bob talks and alice is quiet
    for (int i = 30; i < 70; i++) {
      pa.send(new RtpBuilder().pt(111).seq(i).ts(960L * i).ssrc(1).audioLevel(1, 110).build(), alice.rtp());
      pb.send(new RtpBuilder().pt(111).seq(i).ts(960L * i).ssrc(2).audioLevel(1, 15).build(), bob.rtp());
      Thread.sleep(20);
    }
    Await.until(() -> events.stream().filter(e -> e.startsWith("speaker:")).count() >= 2, "two speaker changes " + events);
    Set<String> started = new HashSet<>(events.subList(0, 2));
    assertEquals(Set.of("started:a1", "started:b1"), started);
    List<String> speakers = events.stream().filter(e -> e.startsWith("speaker:")).toList();
    assertEquals(List.of("speaker:alice", "speaker:bob"), speakers);
  }

  @Test
  void publishTellsWhereToSendAndRefusesDuplicates() {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    assertNotNull(ep.rtp());
    assertEquals(ep.rtp().getPort() + 1, ep.rtcp().getPort());
    assertTrue(ep.rtp().getAddress().isLoopbackAddress());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> plane.publish(Specs.video("c1", "alice", "v1")));
    plane.unpublish("c1", "v1");
    plane.publish(Specs.video("c1", "alice", "v1")); // free again
  }
}
