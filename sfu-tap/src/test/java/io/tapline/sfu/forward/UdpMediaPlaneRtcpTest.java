package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.clock.NtpTime;
import io.tapline.pipeline.rtcp.FullIntraRequest;
import io.tapline.pipeline.rtcp.GenericNack;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtcp.SdesItem;
import io.tapline.pipeline.rtcp.SourceDescription;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
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
    return RtcpCompound.toBytes(List.of(new SenderReport(ssrc, ntp, rtpTs, 10, 1000, List.of())));
  }

  static byte[] pli(long sender, long media) {
    return RtcpCompound.toBytes(List.of(new PictureLossIndication(sender, media)));
  }

  static byte[] nack(long sender, long media, Integer... lost) {
    return RtcpCompound.toBytes(List.of(new GenericNack(sender, media, List.of(lost))));
  }

  /** The PLIs among the datagrams (each the SFU sends is a PLI alone). */
  static List<PictureLossIndication> plis(List<UdpPeer.Datagram> ds) throws Exception {
    List<PictureLossIndication> out = new ArrayList<>();
    for (UdpPeer.Datagram d : ds) {
      for (RtcpPacket p : RtcpCompound.parse(d.data())) {
        if (p instanceof PictureLossIndication pli) {
          out.add(pli);
        }
      }
    }
    return out;
  }

  @Test
  void subscriberPlisAreMergedIntoRateLimitedPlisToThePublisher() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    UdpPeer pubRtp = peer();
    UdpPeer pubRtcp = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "v1", new SubscribeOptions(sub.address(), null, false));
    pubRtp.send(new RtpBuilder().ssrc(PUBLISHER_SSRC).seq(1).ts(1).vp8(true, true, 30).build(), ep.rtp());
    UdpPeer.Datagram firstOut = sub.receive(Await.TIMEOUT_MILLIS);
    assertNotNull(firstOut, "forwarded");
    long outSsrc = RtpPacket.parse(firstOut.data()).ssrc();
    // the report tells the SFU where the publisher listens for RTCP
    pubRtcp.send(senderReport(PUBLISHER_SSRC, 1, NtpTime.fromUnixMicros(System.currentTimeMillis() * 1000)),
        ep.rtcp());
    Await.equal(2, () -> plane.stats("c1").packetsIn(), "RTP and SR in");
    // the subscription itself asked for a keyframe; it goes out once the publisher is known
    List<PictureLossIndication> initial = plis(pubRtcp.drain(400));
    assertTrue(initial.size() <= 1, "initial " + initial.size());
    Thread.sleep(400); // past the minimum interval
    InetSocketAddress feedback = plane.feedbackAddress("c1", "v1");
    for (int i = 0; i < 5; i++) {
      sub.send(pli(0x1234, outSsrc), feedback);
    }
    // only PLIs come to the publisher's RTCP port: wait for two, then check no third follows
    List<PictureLossIndication> got = plis(pubRtcp.receive(2, Await.TIMEOUT_MILLIS));
    got.addAll(plis(pubRtcp.drain(700)));
    assertEquals(2, got.size(), "one at once, the other four merged into one after the interval");
    for (PictureLossIndication p : got) {
      assertEquals(PUBLISHER_SSRC, p.mediaSsrc());
    }
    // a PLI naming an SSRC nobody was given is dropped and counted
    sub.send(pli(0x1234, 0xdead), feedback);
    Await.equal(1, () -> plane.stats("c1").drops(DropReasons.RTCP_UNKNOWN_SSRC), "PLI for an unknown SSRC");
  }

  @Test
  void firIsAKeyframeRequestWhenAnyOfItsEntriesNamesASubscriber() throws Exception {
    PublishEndpoint ep = plane.publish(Specs.video("c1", "alice", "v1"));
    UdpPeer pubRtp = peer();
    UdpPeer pubRtcp = peer();
    UdpPeer sub = peer();
    plane.subscribe("c1", "bob", "v1", new SubscribeOptions(sub.address(), null, false));
    pubRtp.send(new RtpBuilder().ssrc(PUBLISHER_SSRC).seq(1).ts(1).vp8(true, true, 30).build(), ep.rtp());
    UdpPeer.Datagram firstOut = sub.receive(Await.TIMEOUT_MILLIS);
    assertNotNull(firstOut, "forwarded");
    long outSsrc = RtpPacket.parse(firstOut.data()).ssrc();
    pubRtcp.send(senderReport(PUBLISHER_SSRC, 1, NtpTime.fromUnixMicros(System.currentTimeMillis() * 1000)),
        ep.rtcp());
    Await.equal(2, () -> plane.stats("c1").packetsIn(), "RTP and SR in");
    pubRtcp.drain(400); // the subscription's own request, if it went out here
    Thread.sleep(400); // past the minimum interval
    InetSocketAddress feedback = plane.feedbackAddress("c1", "v1");
    // RFC 5104 section 4.3.1: the media SSRC field is unused, the entries name the senders
    sub.send(RtcpCompound.toBytes(List.of(new FullIntraRequest(0x1234, 0, List.of(
        new FullIntraRequest.Entry(0xdead, 1), new FullIntraRequest.Entry(outSsrc, 1))))), feedback);
    List<PictureLossIndication> got = plis(pubRtcp.receive(1, Await.TIMEOUT_MILLIS));
    assertEquals(1, got.size(), "the FIR became a PLI to the publisher");
    assertEquals(PUBLISHER_SSRC, got.get(0).mediaSsrc());
    sub.send(RtcpCompound.toBytes(List.of(new FullIntraRequest(0x1234, 0, List.of(new FullIntraRequest.Entry(0xbeef, 2))))),
        feedback);
    Await.equal(1, () -> plane.stats("c1").drops(DropReasons.RTCP_UNKNOWN_SSRC), "FIR naming nobody");
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
    List<UdpPeer.Datagram> got = withNack.receive(20, Await.TIMEOUT_MILLIS);
    List<UdpPeer.Datagram> gotWithout = without.receive(20, Await.TIMEOUT_MILLIS);
    assertEquals(20, got.size());
    assertEquals(20, gotWithout.size());
    RtpPacket fifth = RtpPacket.parse(got.get(5).data());
    // packets 5 and 6
    withNack.send(nack(0x99, fifth.ssrc(), fifth.sequenceNumber(), (fifth.sequenceNumber() + 1) & 0xffff),
        plane.feedbackAddress("c1", "v1"));
    List<UdpPeer.Datagram> resent = withNack.receive(2, Await.TIMEOUT_MILLIS);
    resent.addAll(withNack.drain(150));
    assertEquals(2, resent.size());
    assertArrayEquals(got.get(5).data(), resent.get(0).data());
    assertArrayEquals(got.get(6).data(), resent.get(1).data());

    RtpPacket other = RtpPacket.parse(gotWithout.get(5).data());
    without.send(nack(0x98, other.ssrc(), other.sequenceNumber()), plane.feedbackAddress("c1", "v1"));
    Await.equal(1, () -> plane.stats("c1").drops(DropReasons.NACK_UNSERVED), "NACK from a subscriber without NACK");
    assertTrue(without.drain(150).isEmpty());
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
    List<UdpPeer.Datagram> media = subRtp.receive(10, Await.TIMEOUT_MILLIS);
    assertEquals(10, media.size());
    RtpPacket third = RtpPacket.parse(media.get(3).data());
    long ntp = NtpTime.fromUnixMicros(1_700_000_000_000_000L);
    pub.send(senderReport(PUBLISHER_SSRC, 1_000_000L + 960L * 3, ntp), ep.rtcp());
    UdpPeer.Datagram d = subRtcp.receive(Await.TIMEOUT_MILLIS);
    assertNotNull(d);
    List<RtcpPacket> compound = RtcpCompound.parse(d.data());
    assertEquals(2, compound.size(), compound.toString());
    SenderReport sr = (SenderReport) compound.get(0);
    assertEquals(third.ssrc(), sr.ssrc());
    assertEquals(third.timestamp(), sr.rtpTimestamp(), "same instant in the subscriber's timestamp space");
    assertEquals(ntp, sr.ntpTimestamp());
    assertEquals(10, sr.packetCount(), "the packets this subscriber got, not the publisher's count");
    assertTrue(sr.reports().isEmpty());
    SourceDescription sdes = (SourceDescription) compound.get(1);
    assertEquals(third.ssrc(), sdes.chunks().get(0).ssrc());
    assertEquals("alice", sdes.chunks().get(0).item(SdesItem.CNAME).orElseThrow().text());
    // a report claiming another SSRC is not relayed
    pub.send(senderReport(0x777, 1, ntp), ep.rtcp());
    Await.equal(1, () -> plane.stats("c1").drops(DropReasons.RTCP_UNKNOWN_SSRC), "SR for an unknown SSRC");
    assertTrue(subRtcp.drain(150).isEmpty());
  }
}
