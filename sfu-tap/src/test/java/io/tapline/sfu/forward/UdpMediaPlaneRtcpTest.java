package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.rtcp.Feedback;
import io.tapline.sfu.rtcp.RtcpCompound;
import io.tapline.sfu.rtcp.SenderReport;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpMediaPlaneRtcpTest {
  static final long PUBLISHER_SSRC = 0x5eed5eedL;
  final UdpMediaPlane plane =
      new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(), new SimpleMeterRegistry());
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

  static byte[] senderReport(long ssrc, long rtpTs, long ntp) {
    byte[] b = new byte[SenderReport.LENGTH];
    new SenderReport(ssrc, ntp, rtpTs, 10, 1000).write(b, 0);
    return b;
  }

  static byte[] pli(long sender, long media) {
    byte[] b = new byte[Feedback.PLI_LENGTH];
    Feedback.writePli(b, 0, sender, media);
    return b;
  }

  static List<UdpPeer.Datagram> plis(List<UdpPeer.Datagram> ds) {
    return ds.stream().filter(d -> (d.data()[1] & 0xff) == RtcpCompound.PSFB && (d.data()[0] & 0x1f) == 1).toList();
  }

  @Test
  void subscriberPlisAreMergedIntoRateLimitedPlisToThePublisher() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    UdpPeer pubRtp = peer();
    UdpPeer pubRtcp = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "v1", new SubscribeOptions(sub.address(), null, false));
    pubRtp.send(new RtpBuilder().ssrc(PUBLISHER_SSRC).seq(1).ts(1).vp8(true, true, 30).build(), ep.rtp());
    long outSsrc = RtpPacket.parse(sub.receive(1000).data()).ssrc();
    // the report tells the SFU where the publisher listens for RTCP
    pubRtcp.send(senderReport(PUBLISHER_SSRC, 1, SenderReport.ntpFromMicros(System.currentTimeMillis() * 1000)),
        ep.rtcp());
    // the subscription itself asked for a keyframe; it goes out once the publisher is known
    List<UdpPeer.Datagram> initial = plis(pubRtcp.drain(400));
    assertTrue(initial.size() <= 1, "initial " + initial.size());
    Thread.sleep(400); // past the minimum interval
    InetSocketAddress feedback = plane.feedbackAddress("c1", "v1");
    for (int i = 0; i < 5; i++) {
      sub.send(pli(0x1234, outSsrc), feedback);
    }
    List<UdpPeer.Datagram> got = plis(pubRtcp.drain(700));
    assertEquals(2, got.size(), "one at once, the other four merged into one after the interval");
    for (UdpPeer.Datagram d : got) {
      assertEquals(PUBLISHER_SSRC, Feedback.mediaSsrc(d.data(), 0));
    }
    // a PLI naming an SSRC nobody was given is dropped and counted
    sub.send(pli(0x1234, 0xdead), feedback);
    Thread.sleep(100);
    assertEquals(1, plane.stats("c1").drops(DropReasons.RTCP_UNKNOWN_SSRC));
  }

  @Test
  void nackIsAnsweredFromTheCacheOnlyForSubscribersThatAskedForIt() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    UdpPeer pub = peer();
    UdpPeer withNack = peer();
    UdpPeer without = peer();
    plane.subscribe("c1", "bob", "v1", new SubscribeOptions(withNack.address(), null, true));
    plane.subscribe("c1", "carol", "v1", new SubscribeOptions(without.address(), null, false));
    for (int i = 0; i < 20; i++) {
      pub.send(new RtpBuilder().ssrc(PUBLISHER_SSRC).seq(500 + i).ts(3000L * i).vp8(true, i == 0, 100 + i).build(),
          ep.rtp());
    }
    List<UdpPeer.Datagram> got = withNack.drain(200);
    List<UdpPeer.Datagram> gotWithout = without.drain(50);
    assertEquals(20, got.size());
    RtpPacket fifth = RtpPacket.parse(got.get(5).data());
    byte[] nack = new byte[16];
    Feedback.writeNack(nack, 0, 0x99, fifth.ssrc(), fifth.sequenceNumber(), 0b1); // packets 5 and 6
    withNack.send(nack, plane.feedbackAddress("c1", "v1"));
    List<UdpPeer.Datagram> resent = withNack.drain(200);
    assertEquals(2, resent.size());
    assertArrayEquals(got.get(5).data(), resent.get(0).data());
    assertArrayEquals(got.get(6).data(), resent.get(1).data());

    RtpPacket other = RtpPacket.parse(gotWithout.get(5).data());
    Feedback.writeNack(nack, 0, 0x98, other.ssrc(), other.sequenceNumber(), 0);
    without.send(nack, plane.feedbackAddress("c1", "v1"));
    assertTrue(without.drain(150).isEmpty());
    assertEquals(1, plane.stats("c1").drops(DropReasons.NACK_UNSERVED));
  }

  @Test
  void senderReportsAreRestatedInEachSubscribersSsrcAndTimestamps() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.audio("c1", "alice", "a1"));
    UdpPeer pub = peer();
    UdpPeer subRtp = peer();
    UdpPeer subRtcp = peer();
    plane.subscribe("c1", "bob", "a1", new SubscribeOptions(subRtp.address(), subRtcp.address(), false));
    for (int i = 0; i < 10; i++) {
      pub.send(new RtpBuilder().pt(111).ssrc(PUBLISHER_SSRC).seq(i).ts(1_000_000L + 960L * i).build(), ep.rtp());
    }
    List<UdpPeer.Datagram> media = subRtp.drain(200);
    RtpPacket third = RtpPacket.parse(media.get(3).data());
    long ntp = SenderReport.ntpFromMicros(1_700_000_000_000_000L);
    pub.send(senderReport(PUBLISHER_SSRC, 1_000_000L + 960L * 3, ntp), ep.rtcp());
    UdpPeer.Datagram d = subRtcp.receive(1000);
    assertNotNull(d);
    SenderReport sr = SenderReport.read(d.data(), 0, d.data().length);
    assertEquals(third.ssrc(), sr.ssrc());
    assertEquals(third.timestamp(), sr.rtpTimestamp(), "same instant in the subscriber's timestamp space");
    assertEquals(ntp, sr.ntpTimestamp());
    assertEquals(10, sr.packetCount(), "the packets this subscriber got, not the publisher's count");
    int[] types = new int[2];
    int n = RtcpCompound.walk(d.data(), 0, d.data().length, new RtcpCompound.Visitor() {
      int i;

      @Override
      public void packet(int type, int fmt, byte[] b, int off, int len) {
        types[i++] = type;
      }
    });
    assertEquals(2, n);
    assertArrayEquals(new int[] {RtcpCompound.SR, RtcpCompound.SDES}, types);
    // a report claiming another SSRC is not relayed
    pub.send(senderReport(0x777, 1, ntp), ep.rtcp());
    assertTrue(subRtcp.drain(150).isEmpty());
    assertEquals(1, plane.stats("c1").drops(DropReasons.RTCP_UNKNOWN_SSRC));
    assertTrue(Arrays.equals(media.get(0).data(), media.get(0).data()));
  }
}
