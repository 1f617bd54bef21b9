package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.rtcp.PacketDemux;

/**
 * Fuzzes what the shared WebRTC port does with a datagram before any key is involved: the RFC
 * 7983 classification and, for RTCP, the split of a compound into packets and their owners (RFC
 * 3550 section 6.4, RFC 4585 section 6.1, RFC 5104 section 4.3.1.1). Nothing may throw; the
 * packets found tile a prefix of the datagram; every SSRC is 32-bit. Seed corpus:
 * {@code RtcpRoutingFuzzTestInputs/split/} (Chrome-shaped SR+SDES, RR+PLI, FIR, NACK, REMB,
 * transport-cc, a truncated compound, STUN and DTLS first bytes).
 */
class RtcpRoutingFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void split(byte[] data) {
    PacketDemux.classify(data, 0, data.length);
    int off = 0;
    while (off < data.length) {
      int len = RtcpRouting.packetLength(data, off, data.length);
      if (len < 0) {
        break;
      }
      assertTrue(len >= 4 && off + len <= data.length, "packet within the datagram");
      RtcpRouting.Target t = RtcpRouting.target(data, off, len);
      if (t != RtcpRouting.Target.NONE) {
        long ssrc = RtcpRouting.ssrc(data, off, len);
        assertTrue(ssrc >= -1 && ssrc <= 0xffffffffL, "32-bit SSRC");
      }
      off += len;
    }
  }
}
