package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaPlaneConfigTest {

  @Test
  void ioThreadsBlockAtOnceByDefault() {
    MediaPlaneConfig d = MediaPlaneConfig.defaults();
    assertEquals(Duration.ZERO, d.ioSpin());
    MediaPlaneConfig legacy = new MediaPlaneConfig(d.bindAddress(), null, 0, 0, 1, d.tick(), d.streamTimeout(),
        d.keyframeMinInterval(), d.packetCacheSize(), d.socketBufferBytes(), d.speaker());
    assertEquals(Duration.ZERO, legacy.ioSpin());
  }

  @Test
  void spinIsKeptAndMustNotBeNegative() {
    assertEquals(Duration.ofMillis(2), MediaPlaneConfig.defaults().withIoSpin(Duration.ofMillis(2)).ioSpin());
    assertThrows(IllegalArgumentException.class, () -> MediaPlaneConfig.defaults().withIoSpin(Duration.ofNanos(-1)));
  }
}
