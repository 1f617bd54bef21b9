package io.tapline.sfu.webrtc.ice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a STUN message (RFC 8489 section 5 and 14): the header, the attributes in the order
 * added, then MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT in that order, as
 * section 14 requires, each computed over what precedes it.
 */
public final class StunMessageWriter {
  private final StunClass messageClass;
  private final int method;
  private final byte[] transactionId;
  private final List<StunAttribute> attributes = new ArrayList<>();
  private byte[] integrityKey;
  private byte[] integritySha256Key;
  private boolean fingerprint;
  private byte padding;

  public StunMessageWriter(StunClass messageClass, int method, byte[] transactionId) {
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("transaction id is 96 bits, got " + transactionId.length);
    }
    if (method < 0 || method > 0xfff) {
      throw new IllegalArgumentException("method is 12 bits: " + method);
    }
    this.messageClass = messageClass;
    this.method = method;
    this.transactionId = transactionId.clone();
  }

  public StunMessageWriter add(StunAttribute attribute) {
    attributes.add(attribute);
    return this;
  }

  public StunMessageWriter add(int type, byte[] value) {
    return add(new StunAttribute(type, value));
  }

  public StunMessageWriter addString(int type, String value) {
    return add(type, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends MESSAGE-INTEGRITY (HMAC-SHA1) keyed with {@code key}. */
  public StunMessageWriter integrity(byte[] key) {
    this.integrityKey = key.clone();
    return this;
  }

  /** Appends MESSAGE-INTEGRITY-SHA256 (the full 32 bytes) keyed with {@code key}. */
  public StunMessageWriter integritySha256(byte[] key) {
    this.integritySha256Key = key.clone();
    return this;
  }

  public StunMessageWriter fingerprint() {
    this.fingerprint = true;
    return this;
  }

  /**
   * The padding byte; zero unless told. Section 14 lets a sender use any value, and the RFC 5769
   * test vectors pad with spaces, which this lets tests reproduce byte for byte.
   */
  public StunMessageWriter padding(byte value) {
    this.padding = value;
    return this;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int type = (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2)
        | ((messageClass.bits() & 1) << 4) | ((messageClass.bits() & 2) << 7);
    writeShort(out, type);
    writeShort(out, 0); // patched below
    writeInt(out, StunMessage.MAGIC_COOKIE);
    out.writeBytes(transactionId);
    for (StunAttribute a : attributes) {
      writeAttribute(out, a.type(), a.value());
    }
    byte[] message = out.toByteArray();
    if (integrityKey != null) {
      byte[] mac = StunMessage.hmac("HmacSHA1", integrityKey, message, message.length,
          StunMessage.INTEGRITY_LENGTH);
      message = append(message, StunAttributes.MESSAGE_INTEGRITY, mac);
    }
    if (integritySha256Key != null) {
      byte[] mac = StunMessage.hmac("HmacSHA256", integritySha256Key, message, message.length, 32);
      message = append(message, StunAttributes.MESSAGE_INTEGRITY_SHA256, mac);
    }
    if (fingerprint) {
      int end = message.length;
      message = append(message, StunAttributes.FINGERPRINT, new byte[4]);
      int crc = StunMessage.crc(message, end) ^ StunMessage.FINGERPRINT_XOR;
      message[end + 4] = (byte) (crc >>> 24);
      message[end + 5] = (byte) (crc >>> 16);
      message[end + 6] = (byte) (crc >>> 8);
      message[end + 7] = (byte) crc;
    }
    setLength(message);
    return message;
  }

  private byte[] append(byte[] message, int type, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(message);
    writeAttribute(out, type, value);
    byte[] result = out.toByteArray();
    setLength(result); // the next MAC or CRC covers a header that counts this attribute
    return result;
  }

  private void writeAttribute(ByteArrayOutputStream out, int type, byte[] value) {
    writeShort(out, type);
    writeShort(out, value.length);
    out.writeBytes(value);
    byte[] pad = new byte[(4 - (value.length & 3)) & 3];
    Arrays.fill(pad, padding);
    out.writeBytes(pad);
  }

  private static void setLength(byte[] message) {
    int length = message.length - StunMessage.HEADER_LENGTH;
    if (length > 0xffff) {
      throw new IllegalStateException("STUN message too long: " + length);
    }
    message[2] = (byte) (length >> 8);
    message[3] = (byte) length;
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    writeShort(out, v >>> 16);
    writeShort(out, v & 0xffff);
  }
}
