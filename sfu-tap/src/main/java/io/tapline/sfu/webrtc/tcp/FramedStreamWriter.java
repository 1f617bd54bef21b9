package io.tapline.sfu.webrtc.tcp;

import java.nio.ByteBuffer;

/** Writes one packet as an RFC 4571 section 2 frame: a 16-bit big-endian LENGTH, then the packet. */
public final class FramedStreamWriter {
  private FramedStreamWriter() {
  }

  /** A new buffer holding the frame of {@code buf[off..off+len)}, ready to write. */
  public static ByteBuffer frame(byte[] buf, int off, int len) {
    if (len < 1 || len > FramedStreamReader.MAX_LENGTH) {
      throw new IllegalArgumentException("an RFC 4571 frame holds 1..65535 bytes: " + len);
    }
    ByteBuffer out = ByteBuffer.allocate(2 + len);
    out.putShort((short) len).put(buf, off, len).flip();
    return out;
  }
}
