package io.tapline.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {
  @Test
  void writesAndWalksSrSdesPliAndNack() throws Exception {
    byte[] b = new byte[200];
    long ntp = SenderReport.ntpFromMicros(1_700_000_000_123_456L);
    int n = new SenderReport(0xdeadbeefL, ntp, 0xfffffff0L, 10, 2000).write(b, 0);
    n += Feedback.writeSdesCname(b, n, 0xdeadbeefL, "alice".getBytes());
    n += Feedback.writePli(b, n, 1, 2);
    n += Feedback.writeNack(b, n, 1, 2, 65535, 0b101);
    List<Integer> types = new ArrayList<>();
    List<Integer> nacked = new ArrayList<>();
    assertEquals(4, RtcpCompound.walk(b, 0, n, (type, fmt, buf, off, len) -> {
      types.add(type);
      if (type == RtcpCompound.RTPFB) {
        Feedback.forEachNacked(buf, off, len, nacked::add);
      }
    }));
    assertEquals(List.of(200, 202, 206, 205), types);
    assertEquals(List.of(65535, 0, 2), nacked);
    SenderReport sr = SenderReport.read(b, 0, 28);
    assertEquals(0xdeadbeefL, sr.ssrc());
    assertEquals(0xfffffff0L, sr.rtpTimestamp());
    assertEquals(1_700_000_000_123_456L, sr.ntpMicros(), 1.0);
  }

  @Test
  void rejectsDamagedCompoundsWithAReason() {
    byte[] b = new byte[64];
    int n = Feedback.writePli(b, 0, 1, 2);
    assertEquals("rtcp.truncated", reason(b, 3));
    assertEquals("rtcp.length", reason(b, n - 4));
    b[0] = 0x40;
    assertEquals("rtcp.version", reason(b, n));
    b[0] = (byte) 0x81;
    b[1] = 100;
    assertEquals("rtcp.type", reason(b, n));
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButMalformedPacketException() {
    Random r = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(80)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = (byte) (0x80 | (b[0] & 0x3f));
      }
      try {
        RtcpCompound.walk(b, 0, b.length, (type, fmt, buf, off, len) -> {
          if (type == RtcpCompound.SR) {
            try {
              SenderReport.read(buf, off, len);
            } catch (MalformedPacketException e) {
              // fine
            }
          }
          if (type == RtcpCompound.RTPFB) {
            Feedback.forEachNacked(buf, off, len, seq -> {});
          }
        });
      } catch (MalformedPacketException expected) {
        // the only acceptable failure
      }
    }
  }

  static String reason(byte[] b, int length) {
    return assertThrows(MalformedPacketException.class, () -> RtcpCompound.walk(b, 0, length, (t, f, x, o, l) -> {}))
        .reason();
  }
}
