package io.tapline.sfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes {@link SdpParser#parse}: nothing but {@link MalformedPacketException} may escape; what
 * parses writes back to text that parses to the same model, and the answerer answers it without
 * an exception with an answer that itself writes and parses back. Seed corpus:
 * {@code SdpParserFuzzTestInputs/parse/} (the browser-style offers and broken variants).
 */
class SdpParserFuzzTest {
  private static final SdpAnswerer ANSWERER = new SdpAnswerer(new AnswerOptions(
      new IceCredentials("fuzzUfrg", "fuzzPasswordFuzzPassword"),
      Fingerprint.sha256(new byte[32]),
      List.of(new IceCandidate("1", 1, "udp", 2130706431L, InetAddress.getLoopbackAddress(),
          10000, null)),
      true, true, 1L));

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(byte[] data) {
    SessionDescription sd;
    try {
      sd = SdpParser.parse(new String(data, StandardCharsets.UTF_8));
    } catch (MalformedPacketException e) {
      return;
    }
    assertEquals(sd, reparse(SdpWriter.write(sd)));
    SessionDescription answer = ANSWERER.answer(sd);
    assertEquals(answer, reparse(SdpWriter.write(answer)));
  }

  private static SessionDescription reparse(String text) {
    try {
      return SdpParser.parse(text);
    } catch (MalformedPacketException e) {
      throw new AssertionError("writer produced unparseable SDP: " + e.getMessage(), e);
    }
  }
}
