package io.tapline.pipeline.codec;

import java.util.Arrays;

/** A growable byte array that frames are assembled into; reused from frame to frame. */
final class FrameBuffer {
  private byte[] bytes = new byte[4096];
  private int size;

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  void append(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, bytes, size, length);
    size += length;
  }

  void append(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /** The byte at {@code index} (0 <= index < size), as an unsigned value. */
  int get(int index) {
    return bytes[index] & 0xff;
  }

  /** Direct access for parsers that read the assembled frame; valid up to {@link #size()}. */
  byte[] array() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
