package io.tapline.pipeline.segment;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Constants and framing of the segment file format, version 1 (docs/segment-format.md):
 *
 * <pre>
 * file    = magic "TAPSEG" | version u16 | header-length u32 | header JSON | header-crc u32 | record*
 * record  = type u8 | flags u8 | length u16 | arrival-micros i64 | crc u32 | packet[length]
 * </pre>
 *
 * All integers are big-endian. Each CRC is CRC32C: the header's over its JSON bytes, a record's over
 * type, flags, length, arrival time and packet bytes. Files are append-only.
 */
public final class SegmentFormat {
  public static final byte[] MAGIC = "TAPSEG".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  /** magic + version + header length. */
  public static final int PREAMBLE_LENGTH = MAGIC.length + 2 + 4;
  public static final int RECORD_HEADER_LENGTH = 1 + 1 + 2 + 8 + 4;
  public static final int MAX_PACKET_LENGTH = 0xffff;
  /** A header larger than this is corrupt, not large. */
  public static final int MAX_HEADER_LENGTH = 1 << 20;
  /** The customary file name suffix. */
  public static final String FILE_SUFFIX = ".tseg";

  private SegmentFormat() {}

  static int recordCrc(byte[] recordHeader, byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(recordHeader, 0, 12); // type, flags, length, arrival; not the CRC field itself
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  static int crc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length);
    return (int) crc.getValue();
  }

  static void putShort(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void putInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  static void putLong(byte[] b, int i, long v) {
    putInt(b, i, (int) (v >>> 32));
    putInt(b, i + 4, (int) v);
  }

  static int getShort(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  static int getInt(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  static long getLong(byte[] b, int i) {
    return ((long) getInt(b, i) << 32) | (getInt(b, i + 4) & 0xffffffffL);
  }
}
