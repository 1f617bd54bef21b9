package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A parsed STUN message (RFC 8489). The header (section 5):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  Message type:  M11..M7 C1 M6..M4 C0 M3..M0
 * </pre>
 *
 * then attributes (section 14), each a type, a length and a value padded to 4 bytes:
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A FINGERPRINT attribute, when present, is checked while parsing (a wrong one means the
 * datagram is not STUN: section 7.3). MESSAGE-INTEGRITY needs the key, so it is checked on demand
 * with {@link #verifyIntegrity}. Attributes after MESSAGE-INTEGRITY other than
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as section 14.5 asks.
 */
public final class StunMessage {
  public static final int MAGIC_COOKIE = 0x2112A442;
  public static final int HEADER_LENGTH = 20;
  public static final int METHOD_BINDING = 0x001;
  /** CRC-32 of the message is XORed with this ("STUN") so that it differs from other CRCs. */
  static final int FINGERPRINT_XOR = 0x5354554e;
  static final int INTEGRITY_LENGTH = 20;

  private final StunClass messageClass;
  private final int method;
  private final byte[] transactionId;
  private final List<StunAttribute> attributes;
  private final byte[] raw;
  private final int integrityOffset;
  private final int integritySha256Offset;
  private final boolean fingerprinted;

  private StunMessage(StunClass messageClass, int method, byte[] transactionId,
      List<StunAttribute> attributes, byte[] raw, int integrityOffset, int integritySha256Offset,
      boolean fingerprinted) {
    this.messageClass = messageClass;
    this.method = method;
    this.transactionId = transactionId;
    this.attributes = attributes;
    this.raw = raw;
    this.integrityOffset = integrityOffset;
    this.integritySha256Offset = integritySha256Offset;
    this.fingerprinted = fingerprinted;
  }

  public static StunMessage parse(byte[] data) throws MalformedPacketException {
    return parse(data, 0, data.length);
  }

  public static StunMessage parse(byte[] data, int offset, int length)
      throws MalformedPacketException {
    if (length < HEADER_LENGTH) {
      throw new MalformedPacketException("stun.truncated", length + " bytes, header needs 20");
    }
    byte[] raw = Arrays.copyOfRange(data, offset, offset + length);
    ByteBuffer b = ByteBuffer.wrap(raw);
    int type = b.getShort(0) & 0xffff;
    if ((type & 0xc000) != 0) {
      throw new MalformedPacketException("stun.not-stun", "first two bits are not zero");
    }
    int messageLength = b.getShort(2) & 0xffff;
    if (b.getInt(4) != MAGIC_COOKIE) {
      throw new MalformedPacketException("stun.cookie", String.format("0x%08x", b.getInt(4)));
    }
    if ((messageLength & 3) != 0 || HEADER_LENGTH + messageLength != length) {
      throw new MalformedPacketException("stun.length",
          "length field " + messageLength + " for a " + length + "-byte datagram");
    }
    StunClass cls = StunClass.ofBits(((type >> 7) & 2) | ((type >> 4) & 1));
    int method = (type & 0x000f) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0f80);
    byte[] txid = Arrays.copyOfRange(raw, 8, HEADER_LENGTH);

    List<StunAttribute> attributes = new ArrayList<>();
    int integrityOffset = -1;
    int sha256Offset = -1;
    boolean fingerprinted = false;
    int pos = HEADER_LENGTH;
    while (pos < length) {
      if (fingerprinted) {
        throw new MalformedPacketException("stun.after-fingerprint",
            "attribute after FINGERPRINT at " + pos);
      }
      if (pos + 4 > length) {
        throw new MalformedPacketException("stun.attribute-truncated", "header at " + pos);
      }
      int attrType = b.getShort(pos) & 0xffff;
      int attrLength = b.getShort(pos + 2) & 0xffff;
      int padded = (attrLength + 3) & ~3;
      if (pos + 4 + padded > length) {
        throw new MalformedPacketException("stun.attribute-truncated", String.format(
            "0x%04x of %d bytes at %d overruns the message", attrType, attrLength, pos));
      }
      byte[] value = Arrays.copyOfRange(raw, pos + 4, pos + 4 + attrLength);
      if (attrType == StunAttributes.FINGERPRINT) {
        checkFingerprint(raw, pos, value);
        fingerprinted = true;
      } else if (attrType == StunAttributes.MESSAGE_INTEGRITY && integrityOffset < 0
          && sha256Offset < 0) {
        if (attrLength != INTEGRITY_LENGTH) {
          throw new MalformedPacketException("stun.integrity-length", attrLength + " bytes");
        }
        integrityOffset = pos;
        attributes.add(new StunAttribute(attrType, value));
      } else if (attrType == StunAttributes.MESSAGE_INTEGRITY_SHA256 && sha256Offset < 0) {
        // section 14.6: 16 to 32 bytes, a multiple of 4 (a truncated HMAC-SHA256)
        if (attrLength < 16 || attrLength > 32 || (attrLength & 3) != 0) {
          throw new MalformedPacketException("stun.integrity-length", attrLength + " bytes");
        }
        sha256Offset = pos;
        attributes.add(new StunAttribute(attrType, value));
      } else if (integrityOffset < 0 && sha256Offset < 0) {
        attributes.add(new StunAttribute(attrType, value));
      }
      pos += 4 + padded;
    }
    return new StunMessage(cls, method, txid, List.copyOf(attributes), raw, integrityOffset,
        sha256Offset, fingerprinted);
  }

  private static void checkFingerprint(byte[] raw, int pos, byte[] value)
      throws MalformedPacketException {
    if (value.length != 4) {
      throw new MalformedPacketException("stun.fingerprint-length", value.length + " bytes");
    }
    // Section 14.7: the CRC covers the message up to the attribute, with the length field
    // already counting the FINGERPRINT attribute, i.e. as sent.
    int expected = crc(raw, pos) ^ FINGERPRINT_XOR;
    if (ByteBuffer.wrap(value).getInt() != expected) {
      throw new MalformedPacketException("stun.fingerprint", "CRC-32 does not match");
    }
  }

  static int crc(byte[] message, int end) {
    CRC32 crc = new CRC32();
    crc.update(message, 0, end);
    return (int) crc.getValue();
  }

  /**
   * HMAC over the message up to an integrity attribute at {@code end}, with the header's length
   * field set as if that attribute ({@code valueLength} bytes) were the last one (section 14.5).
   */
  static byte[] hmac(String algorithm, byte[] key, byte[] message, int end, int valueLength) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      byte[] header = Arrays.copyOf(message, HEADER_LENGTH);
      int adjusted = end - HEADER_LENGTH + 4 + valueLength;
      header[2] = (byte) (adjusted >> 8);
      header[3] = (byte) adjusted;
      mac.update(header);
      mac.update(message, HEADER_LENGTH, end - HEADER_LENGTH);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }

  /**
   * Whether MESSAGE-INTEGRITY is present and matches HMAC-SHA1 with {@code key} (for ICE's
   * short-term credentials, the password's UTF-8 bytes: section 9.1.1).
   */
  public boolean verifyIntegrity(byte[] key) {
    if (integrityOffset < 0) {
      return false;
    }
    byte[] expected = hmac("HmacSHA1", key, raw, integrityOffset, INTEGRITY_LENGTH);
    byte[] got = Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 4
        + INTEGRITY_LENGTH);
    return MessageDigest.isEqual(expected, got);
  }

  /** Whether MESSAGE-INTEGRITY-SHA256 is present and matches (possibly truncated, 14.6). */
  public boolean verifyIntegritySha256(byte[] key) {
    if (integritySha256Offset < 0) {
      return false;
    }
    int n = ((raw[integritySha256Offset + 2] & 0xff) << 8)
        | (raw[integritySha256Offset + 3] & 0xff);
    byte[] expected = Arrays.copyOf(hmac("HmacSHA256", key, raw, integritySha256Offset, n), n);
    byte[] got = Arrays.copyOfRange(raw, integritySha256Offset + 4, integritySha256Offset + 4 + n);
    return MessageDigest.isEqual(expected, got);
  }

  public boolean hasIntegrity() {
    return integrityOffset >= 0;
  }

  public boolean hasIntegritySha256() {
    return integritySha256Offset >= 0;
  }

  /** Whether a FINGERPRINT attribute was present (it was checked by {@link #parse}). */
  public boolean hasFingerprint() {
    return fingerprinted;
  }

  public StunClass messageClass() {
    return messageClass;
  }

  public int method() {
    return method;
  }

  public byte[] transactionId() {
    return transactionId.clone();
  }

  /** Attributes in order, without FINGERPRINT and without those ignored after integrity. */
  public List<StunAttribute> attributes() {
    return attributes;
  }

  /** The first attribute of a type: later duplicates are ignored (section 14). */
  public Optional<StunAttribute> attribute(int type) {
    for (StunAttribute a : attributes) {
      if (a.type() == type) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public boolean has(int type) {
    return attribute(type).isPresent();
  }

  /** The message as received. */
  public byte[] bytes() {
    return raw.clone();
  }

  /** Whether a datagram looks like STUN: first bits zero and the magic cookie in place. */
  public static boolean looksLikeStun(byte[] b, int offset, int length) {
    return length >= HEADER_LENGTH
        && (b[offset] & 0xc0) == 0
        && ByteBuffer.wrap(b, offset + 4, 4).getInt() == MAGIC_COOKIE;
  }
}
