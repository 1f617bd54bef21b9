package io.tapline.pipeline.rtp.ext;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.charset.StandardCharsets;

/**
 * Header extensions that carry an SDES item as text: mid (RFC 8843 section 15.2), rtp-stream-id
 * and repaired-rtp-stream-id (RFC 8852 sections 3.1 and 3.2). The data is the identifier itself,
 * 1-255 bytes of US-ASCII alphanumerics (RFC 8852 section 3: "rid-syntax"; mid is a token); no
 * terminator, no padding inside the element.
 */
public final class SdesExtension {
  public static final int MAX_LENGTH = 255;

  private SdesExtension() {}

  /** @throws MalformedPacketException {@code rtp.ext.sdes} for empty data or non-printable bytes */
  public static String read(byte[] buffer, int offset, int length) throws MalformedPacketException {
    if (length < 1) {
      throw new MalformedPacketException("rtp.ext.sdes", "empty identifier");
    }
    // Some senders pad the value with NULs to a word boundary: stop at the first one.
    int end = offset;
    while (end < offset + length && buffer[end] != 0) {
      int c = buffer[end] & 0xff;
      if (c < 0x21 || c > 0x7e) {
        throw new MalformedPacketException("rtp.ext.sdes", "byte 0x" + Integer.toHexString(c) + " in identifier");
      }
      end++;
    }
    if (end == offset) {
      throw new MalformedPacketException("rtp.ext.sdes", "empty identifier");
    }
    return new String(buffer, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /** The identifier in element {@code id}, or null when there is none. */
  public static String find(HeaderExtensions ext, int id) throws MalformedPacketException {
    int i = ext.find(id);
    return i < 0 ? null : read(ext.buffer(), ext.offset(i), ext.length(i));
  }

  public static HeaderExtension toExtension(int id, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
      throw new IllegalArgumentException("identifier of " + bytes.length + " bytes");
    }
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7e) {
        throw new IllegalArgumentException("identifier must be printable ASCII: " + value);
      }
    }
    return new HeaderExtension(id, bytes);
  }
}
