package io.tapline.sfu.webrtc.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.transport.DatagramHandler;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the routing of a decrypted RTP packet with an unknown SSRC by its mid / rid /
 * repaired-rid header extensions (RFC 8285 sections 4.2-4.3, RFC 8843 section 15, RFC 8852
 * section 3): nothing may throw, whatever the header and extension block. Seed corpus:
 * {@code InboundStreamRouterFuzzTestInputs/route/} (packets with mid+rid, rid only, repaired rid,
 * two-byte form, a truncated extension block, no extension).
 */
class InboundStreamRouterFuzzTest {
  private static final DatagramHandler NOTHING = (b, l, s, n) -> {};

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void route(byte[] data) {
    InboundStreamRouter router = new InboundStreamRouter(new DropCounters());
    Map<Integer, String> extmap = Map.of(4, ExtensionMap.MID, 10, ExtensionMap.RTP_STREAM_ID,
        11, ExtensionMap.REPAIRED_RTP_STREAM_ID);
    router.routeSimulcast(new SimulcastStreams("1", List.of("q", "h", "f")), extmap, NOTHING, NOTHING);
    router.routeSimulcast(new SimulcastStreams("2", List.of("q", "h")), extmap, NOTHING, NOTHING);
    long ssrc = data.length >= 12
        ? ((data[8] & 0xffL) << 24) | ((data[9] & 0xff) << 16) | ((data[10] & 0xff) << 8) | (data[11] & 0xff) : 0;
    router.rtp(data, data.length, ssrc);
    router.rtp(data, data.length, ssrc); // the second time by the learned SSRC, if any
    router.rtcp(ssrc);
  }
}
