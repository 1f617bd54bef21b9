package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;

/**
 * AV1 OBU (open bitstream unit) basics from the AV1 Bitstream and Decoding Process Specification
 * (v1.0.0 with errata): the OBU header (section 5.3.2), leb128 (section 4.10.5) and the
 * low-overhead bitstream format (section 5.2: OBUs that all carry {@code obu_size}), which is
 * what the {@link Av1Depacketizer} emits and what WebM, MP4 and libavcodec take.
 *
 * <pre>
 * obu_header: obu_forbidden_bit f(1) = 0, obu_type f(4), obu_extension_flag f(1),
 *             obu_has_size_field f(1), obu_reserved_1bit f(1)
 *             [extension: temporal_id f(3), spatial_id f(2), reserved f(3)]
 * </pre>
 */
public final class Av1Obus {
  public static final int OBU_SEQUENCE_HEADER = 1;
  public static final int OBU_TEMPORAL_DELIMITER = 2;
  public static final int OBU_FRAME_HEADER = 3;
  public static final int OBU_TILE_GROUP = 4;
  public static final int OBU_METADATA = 5;
  public static final int OBU_FRAME = 6;
  public static final int OBU_REDUNDANT_FRAME_HEADER = 7;
  public static final int OBU_TILE_LIST = 8;
  public static final int OBU_PADDING = 15;

  /** leb128 values are at most 8 bytes and, for conformance, below 2^32 (section 4.10.5). */
  static final int LEB128_MAX_BYTES = 8;

  private Av1Obus() {}

  static int type(int header) {
    return (header >>> 3) & 0x0f;
  }

  static boolean hasExtension(int header) {
    return (header & 0x04) != 0;
  }

  static boolean hasSizeField(int header) {
    return (header & 0x02) != 0;
  }

  /**
   * Reads a leb128 at {@code offset}, not past {@code end}; returns the value in the low 32 bits
   * and the number of bytes read in bits 32-39 (see {@link #leb128Value}, {@link #leb128Length}).
   *
   * @throws MalformedPacketException {@code <prefix>.leb128} when it runs past {@code end}, is
   *     longer than 8 bytes or exceeds 2^32 - 1
   */
  static long readLeb128(byte[] b, int offset, int end, String prefix) throws MalformedPacketException {
    long value = 0;
    for (int i = 0; i < LEB128_MAX_BYTES; i++) {
      if (offset + i >= end) {
        throw new MalformedPacketException(prefix + ".leb128", "leb128 runs past the end of its element");
      }
      int byt = b[offset + i] & 0xff;
      value |= (long) (byt & 0x7f) << (7 * i);
      if (value > 0xffff_ffffL) {
        throw new MalformedPacketException(prefix + ".leb128", "leb128 value above 2^32 - 1");
      }
      if ((byt & 0x80) == 0) {
        return value | ((long) (i + 1) << 32);
      }
    }
    throw new MalformedPacketException(prefix + ".leb128", "leb128 longer than 8 bytes");
  }

  /** 0 .. 2^32 - 1: compare as a long before narrowing (values past 2^31 - 1 fit no packet). */
  static long leb128Value(long read) {
    return read & 0xffff_ffffL;
  }

  static int leb128Length(long read) {
    return (int) (read >>> 32);
  }

  /** Appends {@code value} (0 .. 2^31 - 1) as the shortest leb128. */
  static void writeLeb128(FrameBuffer out, int value) {
    int v = value;
    do {
      int byt = v & 0x7f;
      v >>>= 7;
      out.append(v != 0 ? byt | 0x80 : byt);
    } while (v != 0);
  }

  /**
   * The first sequence header OBU of a temporal unit in the low-overhead format (every OBU with
   * {@code obu_size}), as it stands there (header, size, payload); null when there is none. This
   * is what a muxer takes as extradata to build the {@code av1C} box / Matroska CodecPrivate
   * (AV1-ISOBMFF section 2.3, Matroska AV1 mapping).
   *
   * @throws MalformedPacketException {@code av1.obu_size} (or {@code av1.leb128}) when an OBU lacks
   *     its size field or overruns the unit
   */
  public static byte[] sequenceHeaderObu(byte[] temporalUnit) throws MalformedPacketException {
    int pos = 0;
    while (pos < temporalUnit.length) {
      int header = temporalUnit[pos] & 0xff;
      int headerLength = hasExtension(header) ? 2 : 1;
      if (!hasSizeField(header) || pos + headerLength >= temporalUnit.length) {
        throw new MalformedPacketException("av1.obu_size", "OBU at " + pos + " without obu_size");
      }
      long read = readLeb128(temporalUnit, pos + headerLength, temporalUnit.length, "av1");
      long end = pos + headerLength + leb128Length(read) + leb128Value(read);
      if (end > temporalUnit.length) {
        throw new MalformedPacketException("av1.obu_size", "OBU at " + pos + " overruns the temporal unit");
      }
      if (type(header) == OBU_SEQUENCE_HEADER) {
        return Arrays.copyOfRange(temporalUnit, pos, (int) end);
      }
      pos = (int) end;
    }
    return null;
  }
}
