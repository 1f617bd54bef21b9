package io.tapline.sfu.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.testing.RtpBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveSpeakerDetectorTest {
  static final long MS = 1_000_000;
  final ActiveSpeakerDetector detector = new ActiveSpeakerDetector(
      new SpeakerConfig(Duration.ofMillis(200), 6, Duration.ofSeconds(1), 90, Duration.ofMillis(500),
          Duration.ofMillis(100)));

  void talk(long fromMs, long toMs, int alice, int bob) {
    for (long t = fromMs; t < toMs; t += 20) {
      detector.level("alice", alice, t * MS);
      detector.level("bob", bob, t * MS);
    }
  }

  @Test
  void theLoudestTakesTheFloorAndKeepsItThroughShortInterruptions() {
    talk(0, 400, 30, 100);
    assertEquals(Optional.of("alice"), detector.evaluate(400 * MS));
    talk(400, 700, 60, 25); // bob louder, but alice has not dwelt a second yet
    assertEquals(Optional.empty(), detector.evaluate(700 * MS));
    talk(700, 1100, 30, 28); // both loud: within the hysteresis, alice stays
    assertEquals(Optional.empty(), detector.evaluate(1100 * MS));
    talk(1100, 1600, 100, 20);
    assertEquals(Optional.of("bob"), detector.evaluate(1600 * MS));
    assertEquals("bob", detector.speaker());
  }

  @Test
  void silenceIsNobodyAndAStaleSpeakerCanBeReplaced() {
    talk(0, 500, 120, 127);
    assertEquals(Optional.empty(), detector.evaluate(500 * MS));
    talk(500, 900, 20, 127);
    assertEquals(Optional.of("alice"), detector.evaluate(900 * MS));
    for (long t = 900; t < 2500; t += 20) {
      detector.level("bob", 40, t * MS); // alice's packets stopped (DTX, left)
    }
    assertEquals(Optional.of("bob"), detector.evaluate(2500 * MS));
  }

  @Test
  void readsOneAndTwoByteExtensions() throws Exception {
    AudioLevelReader reader = AudioLevelReader.from(Map.of(3, AudioLevelReader.URI, 1, "urn:other"));
    assertEquals(42, reader.level(RtpPacket.parse(new RtpBuilder().audioLevel(3, 42).build())));
    assertEquals(AudioLevelReader.NONE, reader.level(RtpPacket.parse(new RtpBuilder().audioLevel(2, 42).build())));
    assertEquals(AudioLevelReader.NONE, reader.level(RtpPacket.parse(new RtpBuilder().build())));
    byte[] twoByte = {(byte) 0x90, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0x10, 0x00, 0, 1, 3, 1, (byte) 0x85, 0};
    assertEquals(5, reader.level(RtpPacket.parse(twoByte)));
    assertTrue(AudioLevelReader.from(Map.of(1, "urn:other")) == null);
  }
}
