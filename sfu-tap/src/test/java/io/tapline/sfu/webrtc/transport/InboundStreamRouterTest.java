package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.transport.DatagramHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundStreamRouterTest {
  static final Map<Integer, String> EXTMAP = Map.of(4, ExtensionMap.MID, 10, ExtensionMap.RTP_STREAM_ID,
      11, ExtensionMap.REPAIRED_RTP_STREAM_ID);
  final DropCounters drops = new DropCounters();
  final InboundStreamRouter router = new InboundStreamRouter(drops);
  final DatagramHandler camera = (b, l, s, n) -> {};
  final DatagramHandler screen = (b, l, s, n) -> {};
  final DatagramHandler audio = (b, l, s, n) -> {};
  final DatagramHandler rtcp = (b, l, s, n) -> {};

  static byte[] packet(long ssrc, String mid, String rid, String repairedRid) {
    RtpBuilder b = new RtpBuilder().ssrc(ssrc);
    if (mid != null) {
      b.extension(4, mid.getBytes(StandardCharsets.US_ASCII));
    }
    if (rid != null) {
      b.rid(10, rid);
    }
    if (repairedRid != null) {
      b.rid(11, repairedRid);
    }
    return b.build();
  }

  DatagramHandler route(byte[] p) {
    return router.rtp(p, p.length, ((p[8] & 0xffL) << 24) | ((p[9] & 0xff) << 16) | ((p[10] & 0xff) << 8) | (p[11] & 0xff));
  }

  @Test
  void learnsEachLayersSsrcFromMidAndRidAndKeepsItWithoutThem() {
    router.route(1001, audio, rtcp);
    router.routeSimulcast(new SimulcastStreams("1", List.of("q", "h", "f")), EXTMAP, camera, rtcp);
    router.routeSimulcast(new SimulcastStreams("2", List.of("q", "h")), EXTMAP, screen, rtcp);
    assertSame(audio, route(packet(1001, null, null, null)));
    assertSame(camera, route(packet(7, "1", "h", null)));
    assertSame(screen, route(packet(8, "2", "h", null)));
    assertSame(camera, route(packet(7, null, null, null)), "the SSRC is routed from now on");
    assertSame(camera, route(packet(9, null, "f", null)), "a rid only one section has needs no mid");
    assertSame(rtcp, router.rtcp(7));
    assertNull(route(packet(12, null, "q", null)), "q is in both sections: ambiguous without mid");
    assertNull(route(packet(13, "1", "x", null)));
    assertEquals(2, drops.get(InboundStreamRouter.UNKNOWN_SSRC));
  }

  @Test
  void repairStreamsAreRecognisedAndNotForwarded() {
    router.routeSimulcast(new SimulcastStreams("1", List.of("q", "f")), EXTMAP, camera, rtcp);
    assertNull(route(packet(50, "1", null, "f")));
    assertNull(route(packet(50, null, null, null)));
    assertEquals(2, drops.get(InboundStreamRouter.REPAIR_STREAM));
    assertNull(router.rtcp(50));
  }

  @Test
  void unroutingASectionForgetsItsLearnedSsrcs() {
    router.routeSimulcast(new SimulcastStreams("1", List.of("q")), EXTMAP, camera, rtcp);
    assertSame(camera, route(packet(7, "1", "q", null)));
    router.unrouteSimulcast("1");
    assertNull(route(packet(7, null, null, null)));
  }
}
