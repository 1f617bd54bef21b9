package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.rtcp.GenericNack;
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
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NACKs from a connection subscriber of a simulcast track answered with RTX through the real
 * plane: packets sent before and after a layer switch are resent exactly as they were first sent
 * (sequence number as OSN, timestamp, VP8 picture id), on the RTX SSRC and payload type.
 */
class UdpMediaPlaneRtxTest {
  static final int RID = 10;
  static final long OUT_SSRC = 0xb0b;
  static final long RTX_SSRC = 0x7777;
  static final int RTX_PT = 63;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final UdpMediaPlane plane = new UdpMediaPlane(
      MediaPlaneConfig.defaults().withIoThreads(1).withStreamTimeout(Duration.ofMillis(300))
          .withRtx(new RtxConfig(2_000_000, 0.25, Duration.ofSeconds(10), 256)),
      TapConfig.defaults(), registry);
  final int[] seq = {100, 20000, 60000};
  final long[] ts = {1000, 500_000, 4_000_000_000L};
  final int[] pictureId = {10, 20000, 32700};
  final FakeConnection bob = new FakeConnection();
  UdpPeer pub;

  @AfterEach
  void close() throws Exception {
    plane.close();
    if (pub != null) {
      pub.close();
    }
  }

  /** A connection as the plane sees it: a sink that keeps what it is given, and the feedback route. */
  static final class FakeConnection implements ConnectionPort {
    final List<byte[]> sent = new ArrayList<>();
    final AtomicReference<DatagramHandler> feedback = new AtomicReference<>();
    volatile IoLoop trackLoop;

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
          synchronized (sent) {
            sent.add(Arrays.copyOf(buf, len));
          }
          return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int len) {
          return true;
        }
      };
    }

    @Override
    public void routeInbound(long ssrc, DatagramHandler rtp, DatagramHandler rtcp) {}

    @Override
    public void unrouteInbound(long ssrc) {}

    @Override
    public void routeFeedback(long outSsrc, IoLoop loop, DatagramHandler rtcp) {
      trackLoop = loop;
      feedback.set(rtcp);
    }

    @Override
    public void unrouteFeedback(long outSsrc) {}

    List<RtpPacket> of(long ssrc) throws Exception {
      List<RtpPacket> out = new ArrayList<>();
      synchronized (sent) {
        for (byte[] b : sent) {
          RtpPacket p = RtpPacket.parse(b);
          if (p.ssrc() == ssrc) {
            out.add(p);
          }
        }
      }
      return out;
    }

    void nack(int... outSeqs) {
      List<Integer> seqs = Arrays.stream(outSeqs).boxed().toList();
      byte[] b = new byte[1500];
      int n = new GenericNack(0x5151, OUT_SSRC, seqs).writeTo(b, 0);
      DatagramHandler h = feedback.get();
      trackLoop.execute(() -> h.onDatagram(b, n, new InetSocketAddress("127.0.0.1", 9), System.nanoTime()));
    }
  }

  byte[] frame(int layer, boolean keyframe) {
    byte[] p = new byte[16];
    p[0] = (byte) 0x90; // X, S
    p[1] = (byte) 0x80; // I
    p[2] = (byte) (0x80 | (pictureId[layer] >>> 8));
    p[3] = (byte) pictureId[layer];
    p[4] = (byte) (keyframe ? 0x10 : 0x11); // frame tag, P = 0 on a keyframe
    p[7] = (byte) 0x9d;
    p[8] = 0x01;
    p[9] = 0x2a;
    p[15] = (byte) layer;
    byte[] b = new RtpBuilder().pt(96).seq(seq[layer]++).ts(ts[layer]).ssrc(0x100 + layer).marker(true)
        .rid(RID, List.of("q", "h", "f").get(layer)).payload(p).build();
    ts[layer] += 3000;
    pictureId[layer] = (pictureId[layer] + 1) & 0x7fff;
    return b;
  }

  @Test
  void packetsFromBeforeAndAfterALayerSwitchAreResentAsFirstSent() throws Exception {
    TrackSpec spec = new TrackSpec("c1", "alice", "Alice", "cam", "video", "camera", "VP8", 96, 90000, null, null,
        Map.of(RID, ExtensionMap.RTP_STREAM_ID), null, new SimulcastStreams("1", List.of("q", "h", "f")));
    PublishEndpoint ep = plane.publish(spec);
    pub = new UdpPeer();
    plane.subscribe("c1", "bob", "cam",
        SubscribeOptions.over(bob, OUT_SSRC, new SubscribeOptions.Rtx(RTX_SSRC, RTX_PT)));
    for (int i = 0; i < 30; i++) {
      for (int layer = 0; layer < 3; layer++) {
        pub.send(frame(layer, i % 10 == 0), ep.rtp());
      }
      Thread.sleep(10);
    }
    Await.until(() -> count(bob, OUT_SSRC) >= 10, "the top layer reaches bob");
    int before = count(bob, OUT_SSRC);
    // the top layer stops: after the stream timeout bob is moved down at a keyframe (a re-base)
    long until = System.nanoTime() + Duration.ofMillis(Await.TIMEOUT_MILLIS).toNanos();
    for (int i = 0; System.nanoTime() < until && count(bob, OUT_SSRC) < before + 10; i++) {
      pub.send(frame(0, i % 10 == 0), ep.rtp());
      pub.send(frame(1, i % 10 == 0), ep.rtp());
      Thread.sleep(10);
    }
    List<RtpPacket> got = bob.of(OUT_SSRC);
    assertTrue(got.size() >= before + 10, "packets after the switch: " + got.size());
    RtpPacket fromTop = got.get(2);
    RtpPacket afterSwitch = got.get(got.size() - 2);
    assertEquals(2, fromTop.buffer()[fromTop.payloadOffset() + 15], "sent from layer f");
    assertEquals(1, afterSwitch.buffer()[afterSwitch.payloadOffset() + 15], "sent from layer h");
    int notSent = (afterSwitch.sequenceNumber() + 500) & 0xffff;

    bob.nack(fromTop.sequenceNumber(), afterSwitch.sequenceNumber(), notSent);
    Await.until(() -> count(bob, RTX_SSRC) >= 2, "two retransmissions");
    bob.nack(fromTop.sequenceNumber()); // within minInterval: not again

    List<RtpPacket> rtx = bob.of(RTX_SSRC);
    assertEquals(2, rtx.size());
    assertSameAs(fromTop, rtx.get(0));
    assertSameAs(afterSwitch, rtx.get(1));
    assertEquals((rtx.get(0).sequenceNumber() + 1) & 0xffff, rtx.get(1).sequenceNumber(), "RTX seq counts up");
    Await.equal(1, () -> plane.stats("c1").drops().getOrDefault(RtxRetransmitter.REPEAT, 0L), "a repeat");
    assertEquals(1L, plane.stats("c1").drops().getOrDefault(RtxRetransmitter.MISSED, 0L), "never sent");
    assertEquals(4.0, registry.get("tapline.sfu.total.nack.received").functionCounter().count());
    assertEquals(2.0, registry.get("tapline.sfu.total.rtx.sent").functionCounter().count());
  }

  static int count(FakeConnection c, long ssrc) {
    try {
      return c.of(ssrc).size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** RFC 4588 section 4: the RTX packet carries the original's header fields, its seq as OSN, its payload. */
  static void assertSameAs(RtpPacket original, RtpPacket rtx) {
    assertEquals(RTX_PT, rtx.payloadType());
    assertEquals(original.timestamp(), rtx.timestamp());
    assertEquals(original.marker(), rtx.marker());
    byte[] r = rtx.buffer();
    int at = rtx.payloadOffset();
    assertEquals(original.sequenceNumber(), ((r[at] & 0xff) << 8) | (r[at + 1] & 0xff), "OSN");
    byte[] o = original.buffer();
    assertArrayEquals(Arrays.copyOfRange(o, original.payloadOffset(), original.payloadOffset() + original.payloadLength()),
        Arrays.copyOfRange(r, at + 2, at + rtx.payloadLength()), "payload as first sent (picture id included)");
  }
}
