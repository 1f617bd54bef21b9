package io.tapline.pipeline.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One SDES item (RFC 3550 section 6.5): type (1 CNAME ... 8 PRIV) and up to 255 bytes of value,
 * UTF-8 text for the standard types. The value is kept as bytes so that any item round-trips.
 */
public record SdesItem(int type, byte[] value) {
  public static final int CNAME = 1;
  public static final int NAME = 2;
  public static final int EMAIL = 3;
  public static final int PHONE = 4;
  public static final int LOC = 5;
  public static final int TOOL = 6;
  public static final int NOTE = 7;
  public static final int PRIV = 8;

  public SdesItem {
    if (type < 1 || type > 255) {
      throw new IllegalArgumentException("SDES item type " + type + " (0 ends the list)");
    }
    if (value.length > 255) {
      throw new IllegalArgumentException("SDES item of " + value.length + " bytes");
    }
    value = value.clone();
  }

  public static SdesItem text(int type, String value) {
    return new SdesItem(type, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  int encodedLength() {
    return 2 + value.length;
  }

  int write(byte[] b, int i) {
    b[i] = (byte) type;
    b[i + 1] = (byte) value.length;
    System.arraycopy(value, 0, b, i + 2, value.length);
    return 2 + value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SdesItem s && s.type == type && Arrays.equals(s.value, value);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "SdesItem[" + type + "=" + text() + "]";
  }
}
