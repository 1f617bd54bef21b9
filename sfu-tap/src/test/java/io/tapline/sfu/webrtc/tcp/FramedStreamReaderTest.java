package io.tapline.sfu.webrtc.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramedStreamReaderTest {
  /** The RFC 5769 section 2.1 Binding request (a STUN message, first byte 0x00). */
  private static final byte[] STUN = HexFormat.of().parseHex(
      "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff"
          + "80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5"
          + "b2d3f249c1b571a280280004e57a3bcf");
  /** A minimal RTP header (version 2, PT 96) with two payload bytes. */
  private static final byte[] RTP = HexFormat.of().parseHex("8060000100000064000004d2abcd");

  private final List<byte[]> frames = new ArrayList<>();
  private final FramedStreamReader reader = new FramedStreamReader(1500);

  private void feed(byte[] bytes, int off, int len) throws MalformedPacketException {
    reader.feed(bytes, off, len, (buf, n) -> frames.add(java.util.Arrays.copyOf(buf, n)));
  }

  private static byte[] stream(byte[]... packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      ByteBuffer f = FramedStreamWriter.frame(p, 0, p.length);
      out.write(f.array(), 0, f.remaining());
    }
    return out.toByteArray();
  }

  @Test
  void deliversFramesWhateverTheReadBoundaries() throws Exception {
    byte[] s = stream(STUN, RTP, STUN);
    for (int chunk = 1; chunk <= s.length; chunk++) {
      frames.clear();
      FramedStreamReader r = new FramedStreamReader(1500);
      for (int off = 0; off < s.length; off += chunk) {
        r.feed(s, off, Math.min(chunk, s.length - off), (buf, n) -> frames.add(java.util.Arrays.copyOf(buf, n)));
      }
      assertEquals(3, frames.size(), "chunk " + chunk);
      assertArrayEquals(STUN, frames.get(0));
      assertArrayEquals(RTP, frames.get(1));
      assertArrayEquals(STUN, frames.get(2));
      assertFalse(r.inFrame());
    }
  }

  @Test
  void keepsAPartialFrameUntilItsLastByte() throws Exception {
    byte[] s = stream(RTP);
    feed(s, 0, s.length - 1);
    assertTrue(frames.isEmpty());
    assertTrue(reader.inFrame());
    feed(s, s.length - 1, 1);
    assertArrayEquals(RTP, frames.get(0));
  }

  @Test
  void refusesAnEmptyFrameAndEverythingAfter() {
    MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> feed(new byte[] {0, 0}, 0, 2));
    assertEquals("tcp.empty_frame", e.reason());
    byte[] s = stream(RTP);
    assertEquals("tcp.after_error", assertThrows(MalformedPacketException.class, () -> feed(s, 0, s.length)).reason());
  }

  @Test
  void refusesAFrameLongerThanTheMaximum() {
    byte[] s = {0x05, (byte) 0xdd}; // 1501
    assertEquals("tcp.frame_too_long", assertThrows(MalformedPacketException.class, () -> feed(s, 0, 2)).reason());
  }

  @Test
  void refusesContentThatIsNeitherStunDtlsNorRtp() throws Exception {
    byte[] http = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // "GE" read as LENGTH is 18245: too long; a plausible length with text behind it is unknown content
    assertEquals("tcp.frame_too_long", assertThrows(MalformedPacketException.class,
        () -> feed(http, 0, http.length)).reason());
    FramedStreamReader r = new FramedStreamReader(1500);
    byte[] s = stream(http);
    List<byte[]> before = new ArrayList<>();
    byte[] both = new byte[stream(RTP).length + s.length];
    System.arraycopy(stream(RTP), 0, both, 0, stream(RTP).length);
    System.arraycopy(s, 0, both, stream(RTP).length, s.length);
    MalformedPacketException e = assertThrows(MalformedPacketException.class,
        () -> r.feed(both, 0, both.length, (buf, n) -> before.add(java.util.Arrays.copyOf(buf, n))));
    assertEquals("tcp.unknown_content", e.reason());
    assertEquals(1, before.size(), "the good frame before the bad one is delivered");
  }

  @Test
  void writerRefusesWhatTheFormatCannotCarry() {
    assertThrows(IllegalArgumentException.class, () -> FramedStreamWriter.frame(new byte[0], 0, 0));
    assertThrows(IllegalArgumentException.class, () -> FramedStreamWriter.frame(new byte[70000], 0, 65536));
  }
}
