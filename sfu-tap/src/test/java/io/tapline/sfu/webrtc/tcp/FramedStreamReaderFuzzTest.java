package io.tapline.sfu.webrtc.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Fuzzes {@link FramedStreamReader}: the input's first byte picks a chunk size, the rest is fed in
 * chunks of that size. Nothing but {@link MalformedPacketException} may escape, and the frames
 * delivered, framed again by {@link FramedStreamWriter}, must be exactly the bytes the reader
 * consumed up to the last complete frame. Seed corpus: {@code FramedStreamReaderFuzzTestInputs/feed/}.
 */
class FramedStreamReaderFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void feed(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int chunk = 1 + (data[0] & 0x3f);
    FramedStreamReader reader = new FramedStreamReader(1500);
    ByteArrayOutputStream reframed = new ByteArrayOutputStream();
    FramedStreamReader.FrameHandler handler = (buf, len) -> {
      ByteBuffer f = FramedStreamWriter.frame(buf, 0, len);
      reframed.write(f.array(), 0, f.remaining());
    };
    int off = 1;
    boolean failed = false;
    while (off < data.length) {
      int n = Math.min(chunk, data.length - off);
      try {
        reader.feed(data, off, n, handler);
      } catch (MalformedPacketException e) {
        assertTrue(e.reason().startsWith("tcp."), e.reason());
        failed = true;
        break;
      }
      off += n;
    }
    byte[] out = reframed.toByteArray();
    assertTrue(out.length <= data.length - 1);
    byte[] prefix = java.util.Arrays.copyOfRange(data, 1, 1 + out.length);
    assertArrayEquals(prefix, out, "frames delivered differ from the stream");
    if (!failed && !reader.inFrame()) {
      assertTrue(out.length == data.length - 1, "a complete stream was not delivered whole");
    }
  }
}
