package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ERROR-CODE (RFC 8489 section 14.8): class (hundreds digit, 3-6) and number (0-99), then a
 * UTF-8 reason phrase.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved, should be 0         |Class|     Number    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reason Phrase (variable)                                ..
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record StunErrorCode(int code, String reason) {
  public static final StunErrorCode BAD_REQUEST = new StunErrorCode(400, "Bad Request");
  public static final StunErrorCode UNAUTHORIZED = new StunErrorCode(401, "Unauthorized");
  public static final StunErrorCode UNKNOWN_ATTRIBUTE = new StunErrorCode(420, "Unknown Attribute");
  public static final StunErrorCode ROLE_CONFLICT = new StunErrorCode(487, "Role Conflict");

  public StunErrorCode {
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("error code out of 300-699: " + code);
    }
  }

  public StunAttribute encode() {
    byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
    byte[] value = Arrays.copyOf(new byte[] {0, 0, (byte) (code / 100), (byte) (code % 100)},
        4 + phrase.length);
    System.arraycopy(phrase, 0, value, 4, phrase.length);
    return new StunAttribute(StunAttributes.ERROR_CODE, value);
  }

  public static StunErrorCode decode(byte[] value) throws MalformedPacketException {
    if (value.length < 4) {
      throw new MalformedPacketException("stun.error-code", value.length + " bytes");
    }
    int cls = value[2] & 0x07;
    int number = value[3] & 0xff;
    if (cls < 3 || cls > 6 || number > 99) {
      throw new MalformedPacketException("stun.error-code", "class " + cls + " number " + number);
    }
    return new StunErrorCode(cls * 100 + number,
        new String(value, 4, value.length - 4, StandardCharsets.UTF_8));
  }
}
