package io.tapline.pipeline.rtp.ext;

import java.util.Arrays;

/**
 * One header extension element to write: a local id (1-255, as negotiated by {@code a=extmap}) and
 * its data (0-255 bytes).
 */
public record HeaderExtension(int id, byte[] data) {
  public HeaderExtension {
    if (id < 1 || id > 255) {
      throw new IllegalArgumentException("extension id " + id + " outside 1-255");
    }
    if (data.length > 255) {
      throw new IllegalArgumentException("extension data of " + data.length + " bytes, at most 255");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  int length() {
    return data.length;
  }

  void copyTo(byte[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /** Whether the one-byte form (RFC 8285 section 4.2) can carry it: id 1-14, 1-16 bytes. */
  public boolean fitsOneByte() {
    return id <= 14 && data.length >= 1 && data.length <= 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderExtension e && e.id == id && Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * id + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "HeaderExtension[" + id + ":" + data.length + "]";
  }
}
