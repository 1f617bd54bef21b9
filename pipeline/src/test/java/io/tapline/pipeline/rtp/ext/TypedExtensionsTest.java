package io.tapline.pipeline.rtp.ext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedExtensionsTest {
  @Test
  void audioLevelVoiceFlagAndLevel() throws Exception {
    AudioLevel l = AudioLevel.read(new byte[] {(byte) 0xa8}, 0, 1); // V=1, 40 dBov below max
    assertTrue(l.voiceActivity());
    assertEquals(40, l.level());
    assertArrayEquals(new byte[] {(byte) 0xa8}, l.toExtension(1).data());
    assertEquals(new AudioLevel(false, 127), AudioLevel.read(new byte[] {0x7f, 0, 0}, 0, 3));
    assertThrows(MalformedPacketException.class, () -> AudioLevel.read(new byte[0], 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new AudioLevel(false, 128));
  }

  @Test
  void absSendTimeIsSixEighteenFixedPoint() throws Exception {
    // 1.5 s = 0x01.80000 in 6.18 = 0x060000.
    assertEquals(0x060000, AbsSendTime.fromMicros(1_500_000));
    assertEquals(1_500_000, AbsSendTime.toMicros(0x060000));
    // It wraps every 64 s.
    assertEquals(AbsSendTime.fromMicros(3_250_000), AbsSendTime.fromMicros(64_000_000L * 1000 + 3_250_000));
    // A present-day epoch time does not overflow.
    long now = 1_795_000_000_000_000L;
    int v = AbsSendTime.fromMicros(now);
    assertTrue(Math.abs(AbsSendTime.toMicros(v) - now % 64_000_000) <= 2);
    byte[] data = AbsSendTime.toExtension(2, 0x123456).data();
    assertEquals(0x123456, AbsSendTime.read(data, 0, 3));
    assertThrows(MalformedPacketException.class, () -> AbsSendTime.read(data, 0, 2));
  }

  @Test
  void transportSequenceNumber() throws Exception {
    byte[] data = TransportSequenceNumber.toExtension(5, 0xfffe).data();
    assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe}, data);
    assertEquals(0xfffe, TransportSequenceNumber.read(data, 0, 2));
    assertThrows(MalformedPacketException.class, () -> TransportSequenceNumber.read(data, 0, 1));
  }

  @Test
  void midAndRidAreText() throws Exception {
    byte[] data = "q1".getBytes(StandardCharsets.US_ASCII);
    assertEquals("q1", SdesExtension.read(data, 0, 2));
    assertEquals("0", SdesExtension.read(new byte[] {'0', 0, 0}, 0, 3)); // NUL-padded by a sender
    assertThrows(MalformedPacketException.class, () -> SdesExtension.read(new byte[] {' '}, 0, 1));
    assertThrows(MalformedPacketException.class, () -> SdesExtension.read(new byte[] {0}, 0, 1));
    assertArrayEquals(data, SdesExtension.toExtension(4, "q1").data());
  }

  @Test
  void extensionMapFromSdp() {
    ExtensionMap map = ExtensionMap.fromSdp(List.of(
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on",
        "a=extmap:3/sendrecv http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"));
    assertEquals(1, map.id(ExtensionMap.AUDIO_LEVEL).getAsInt());
    assertEquals(3, map.id(ExtensionMap.TRANSPORT_CC).getAsInt());
    assertEquals(ExtensionMap.MID, map.uri(4));
    assertTrue(map.id(ExtensionMap.ABS_SEND_TIME).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> ExtensionMap.of(Map.of(15, "x")));
    assertThrows(IllegalArgumentException.class, () -> ExtensionMap.of(Map.of(1, "x", 2, "x")));
    assertThrows(IllegalArgumentException.class, () -> ExtensionMap.fromSdp(List.of("a=extmap:x urn:y")));
  }
}
