package io.tapline.pipeline.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.List;
import java.util.TreeSet;

/**
 * Fuzzes {@link RtcpCompound#parse}: nothing but {@link MalformedPacketException} may escape; what
 * parses writes back into bytes that parse to the same packets (a NACK to the same set of lost
 * numbers: duplicates collapse) and write again to the same bytes. Seed corpus:
 * {@code RtcpCompoundFuzzTestInputs/parse/}.
 */
class RtcpCompoundFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(byte[] data) {
    List<RtcpPacket> packets;
    try {
      packets = RtcpCompound.parse(data);
    } catch (MalformedPacketException e) {
      return;
    }
    byte[] written = RtcpCompound.toBytes(packets);
    List<RtcpPacket> back;
    try {
      back = RtcpCompound.parse(written);
    } catch (MalformedPacketException e) {
      throw new AssertionError("writer produced an unparseable compound: " + e.getMessage(), e);
    }
    assertEquals(packets.size(), back.size());
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i) instanceof GenericNack nack) {
        assertEquals(new TreeSet<>(nack.lostSequenceNumbers()),
            new TreeSet<>(((GenericNack) back.get(i)).lostSequenceNumbers()));
      } else {
        assertEquals(packets.get(i), back.get(i));
      }
    }
    assertArrayEquals(written, RtcpCompound.toBytes(back));
  }
}
