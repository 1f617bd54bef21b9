package io.tapline.sfu.webrtc.ice;

import java.util.Arrays;

/**
 * One STUN attribute (RFC 8489 section 14): a 16-bit type and its value, without the padding
 * that aligns the next attribute to 4 bytes.
 */
public record StunAttribute(int type, byte[] value) {
  public StunAttribute {
    if (type < 0 || type > 0xffff) {
      throw new IllegalArgumentException("attribute type out of range: " + type);
    }
    if (value.length > 0xffff) {
      throw new IllegalArgumentException("attribute value too long: " + value.length);
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StunAttribute a && a.type == type && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("0x%04x(%d bytes)", type, value.length);
  }
}
