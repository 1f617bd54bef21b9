package io.tapline.pipeline.rtp.ext;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 section
 * 2): a 16-bit counter shared by all media of one transport, feeding transport-cc feedback.
 *
 * <pre>
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=1   |transport-wide sequence number |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TransportSequenceNumber {
  public static final int LENGTH = 2;

  private TransportSequenceNumber() {}

  /** @throws MalformedPacketException {@code rtp.ext.transport_cc} unless the data is 2 bytes */
  public static int read(byte[] buffer, int offset, int length) throws MalformedPacketException {
    if (length != LENGTH) {
      throw new MalformedPacketException("rtp.ext.transport_cc", length + " bytes, expected 2");
    }
    return ((buffer[offset] & 0xff) << 8) | (buffer[offset + 1] & 0xff);
  }

  /** The sequence number of element {@code id}, or -1 when there is none. */
  public static int find(HeaderExtensions ext, int id) throws MalformedPacketException {
    int i = ext.find(id);
    return i < 0 ? -1 : read(ext.buffer(), ext.offset(i), ext.length(i));
  }

  public static HeaderExtension toExtension(int id, int sequenceNumber) {
    if (sequenceNumber < 0 || sequenceNumber > 0xffff) {
      throw new IllegalArgumentException("sequence number " + sequenceNumber);
    }
    return new HeaderExtension(id, new byte[] {(byte) (sequenceNumber >>> 8), (byte) sequenceNumber});
  }
}
