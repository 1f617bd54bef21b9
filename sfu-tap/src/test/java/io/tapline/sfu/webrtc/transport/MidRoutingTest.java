package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.rtp.RtpPacketWriter;
import io.tapline.pipeline.rtp.ext.AbsSendTime;
import io.tapline.pipeline.rtp.ext.SdesExtension;
import io.tapline.sfu.transport.DatagramHandler;
import org.junit.jupiter.api.Test;

/** Routing a WebRTC connection's RTP by SSRC, and by the mid extension for sections without a=ssrc. */
class MidRoutingTest {
  private static final int MID_ID = 4;
  private final DropCounters drops = new DropCounters();
  private final InboundStreamRouter router = new InboundStreamRouter(drops);
  private final DatagramHandler audioRtp = (b, l, s, n) -> { };
  private final DatagramHandler audioRtcp = (b, l, s, n) -> { };
  private final DatagramHandler videoRtp = (b, l, s, n) -> { };
  private final DatagramHandler videoRtcp = (b, l, s, n) -> { };

  @Test
  void announcedSsrcsRouteWithoutTheExtension() {
    router.route(1001, audioRtp, audioRtcp);
    byte[] p = packet(1001, null);
    assertSame(audioRtp, router.rtp(p, p.length, 1001));
    assertSame(audioRtcp, router.rtcp(1001));
    byte[] other = packet(1002, null);
    assertNull(router.rtp(other, other.length, 1002));
    assertEquals(1, drops.get("webrtc.unknown_ssrc"));
  }

  @Test
  void theFirstPacketNamingAMidBindsItsSsrcToThatTrack() {
    router.midExtensionId(MID_ID);
    router.routeByMid("0", audioRtp, audioRtcp);
    router.routeByMid("1", videoRtp, videoRtcp);
    assertNull(router.rtcp(0xabc), "no SSRC known before the first packet");

    byte[] video = packet(0xabc, "1");
    assertSame(videoRtp, router.rtp(video, video.length, 0xabc));
    assertSame(videoRtcp, router.rtcp(0xabc), "sender reports follow the learned SSRC");
    byte[] later = packet(0xabc, null); // browsers stop sending the mid once the SSRC is known
    assertSame(videoRtp, router.rtp(later, later.length, 0xabc));

    // Another SSRC naming the same mid (an RTX stream, a simulcast layer) is not this track.
    byte[] rtx = packet(0xdef, "1");
    assertNull(router.rtp(rtx, rtx.length, 0xdef));
    assertEquals(1, drops.get("webrtc.unknown_ssrc"));
    byte[] stranger = packet(0x123, "7");
    assertNull(router.rtp(stranger, stranger.length, 0x123));
    assertEquals(1, drops.get("webrtc.unknown_mid"));

    byte[] audio = packet(0x555, "0");
    assertSame(audioRtp, router.rtp(audio, audio.length, 0x555));

    router.unrouteByMid("1");
    assertNull(router.rtp(later, later.length, 0xabc));
    assertNull(router.rtcp(0xabc));
  }

  @Test
  void packetsWithoutTheExtensionOrWithABrokenOneAreCountedNotRouted() {
    router.midExtensionId(MID_ID);
    router.routeByMid("0", audioRtp, audioRtcp);
    byte[] bare = packet(9, null);
    assertNull(router.rtp(bare, bare.length, 9));
    assertEquals(1, drops.get("webrtc.unknown_ssrc"));
    byte[] broken = packet(9, "0");
    broken[16] = (byte) 0x4f; // element id 4, length 16: runs past the extension block
    assertNull(router.rtp(broken, broken.length, 9));
    assertEquals(1, drops.get("rtp.ext.overflow"), String.valueOf(drops.snapshot()));
    assertEquals(1, drops.get("webrtc.unknown_ssrc"), "counted once, under the parser's reason");
    byte[] good = packet(9, "0");
    assertSame(audioRtp, router.rtp(good, good.length, 9), "the track still waits for its SSRC");
  }

  private static byte[] packet(long ssrc, String mid) {
    RtpPacketWriter w = new RtpPacketWriter().payloadType(111).sequenceNumber(1).timestamp(960).ssrc(ssrc)
        .payload(new byte[] {1, 2, 3});
    if (mid != null) {
      w.addExtension(SdesExtension.toExtension(MID_ID, mid));
      w.addExtension(AbsSendTime.toExtension(3, 12345));
    }
    return w.toBytes();
  }
}
