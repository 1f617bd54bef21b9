package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * AV1 temporal units from RTP ("RTP Payload Format For AV1", AOMedia, v1.0.0,
 * https://aomediacodec.github.io/av1-rtp-spec/). One temporal unit per RTP timestamp; it ends at
 * the marker bit (section 4.2) or, when the sender leaves the marker out, at the next timestamp.
 *
 * <p>Payload (sections 4.4 and 4.5): an aggregation header, then OBU elements.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|   Z: the first element continues an OBU from the previous packet
 * +-+-+-+-+-+-+-+-+   Y: the last element continues in the next packet
 *                     W: 0 = every element has a leb128 length; 1-3 = that many elements,
 *                        the last without a length (it runs to the end of the payload)
 *                     N: first packet of a coded video sequence (then Z = 0)
 * </pre>
 *
 * <p>Each element is an OBU, or a fragment of one, normally without {@code obu_size} (section 4.5).
 * Fragments are joined across packets; temporal delimiters and tile lists are dropped (section 5:
 * receivers MUST ignore them), as are padding OBUs; every other OBU is written with {@code
 * obu_has_size_field} = 1 and its {@code obu_size}, giving the low-overhead bitstream format (AV1
 * Bitstream Specification section 5.2) that WebM, MP4 and libavcodec take. An OBU that already has
 * a size field is kept as is when the size matches its element.
 *
 * <p>Keyframe: the temporal unit holds a sequence header and its first frame header (OBU_FRAME or
 * OBU_FRAME_HEADER, section 5.9.2) is not show_existing_frame and has frame_type KEY_FRAME (or the
 * sequence has reduced still-picture headers). The bitstream decides rather than the N bit: an
 * encoder may restart its sequence on a key frame without a new sequence, and a decoder needs the
 * sequence header to start. Size: the sequence header's maximum frame size, kept for the frames
 * after it.
 *
 * <p>Drop reasons, besides those of {@link AssemblingDepacketizer}: {@code av1.truncated}, {@code
 * av1.aggregation_header} (N=1 with Z=1), {@code av1.leb128}, {@code av1.element_length}, {@code
 * av1.element_count}, {@code av1.empty_element}, {@code av1.fragment_no_start}, {@code
 * av1.fragment_unterminated}, {@code av1.obu_forbidden_bit}, {@code av1.obu_truncated}, {@code
 * av1.obu_size}, {@code av1.sequence_header_*}, {@code av1.frame_too_large}.
 */
public final class Av1Depacketizer extends AssemblingDepacketizer {
  private static final int Z = 0x80;
  private static final int Y = 0x40;
  private static final int N = 0x08;
  /** Frames above this are refused rather than grown without bound (a 4K key frame is ~1 MB). */
  static final int MAX_FRAME_BYTES = 16 << 20;

  private int aggregation; // header of the packet just parsed
  private final FrameBuffer obu = new FrameBuffer(); // the OBU being joined from elements
  private boolean obuOpen; // its last element had Y=1
  private Av1SequenceHeader sequence; // last one seen, kept across temporal units
  private boolean unitHasSequenceHeader;
  private boolean unitFrameTypeKnown;
  private boolean unitKey;
  private int width;
  private int height;

  public Av1Depacketizer() {
    super("AV1");
  }

  /**
   * Whether the packet starts an AV1 key frame: Z=0 and either N=1 (first packet of a coded video
   * sequence, which opens with a key frame) or a whole sequence header followed, in the same
   * packet, by a frame header saying KEY_FRAME. False for malformed packets.
   */
  public static boolean isKeyframeStart(RtpPacket packet) {
    byte[] b = packet.buffer();
    int off = packet.payloadOffset();
    int len = packet.payloadLength();
    if (len < 2 || (b[off] & Z) != 0) {
      return false;
    }
    if ((b[off] & N) != 0) {
      return true;
    }
    try {
      Av1SequenceHeader seq = null;
      int w = (b[off] >>> 4) & 3;
      int pos = off + 1;
      int end = off + len;
      for (int i = 0; pos < end && (w == 0 || i < w); i++) {
        int length;
        if (w != 0 && i == w - 1) {
          length = end - pos;
        } else {
          long read = Av1Obus.readLeb128(b, pos, end, "av1");
          pos += Av1Obus.leb128Length(read);
          if (Av1Obus.leb128Value(read) > end - pos) {
            return false;
          }
          length = (int) Av1Obus.leb128Value(read);
        }
        if (length > 0) {
          int header = b[pos] & 0xff;
          int type = Av1Obus.type(header);
          if (type == Av1Obus.OBU_SEQUENCE_HEADER) {
            int[] payload = obuPayload(b, pos, length);
            seq = Av1SequenceHeader.parse(b, payload[0], payload[1]);
          } else if (type == Av1Obus.OBU_FRAME || type == Av1Obus.OBU_FRAME_HEADER) {
            int[] payload = obuPayload(b, pos, length);
            return seq != null && keyFrameHeader(seq, b, payload[0], payload[1]);
          }
        }
        pos += length;
      }
      return false;
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  @Override
  protected boolean parse(RtpPacket packet, boolean newTimestamp) throws MalformedPacketException {
    if (packet.payloadLength() < 2) {
      throw new MalformedPacketException("av1.truncated", "payload of " + packet.payloadLength() + " bytes");
    }
    aggregation = packet.buffer()[packet.payloadOffset()] & 0xff;
    if ((aggregation & (Z | N)) == (Z | N)) {
      throw new MalformedPacketException("av1.aggregation_header", "N=1 with Z=1");
    }
    // a temporal unit opens at a new timestamp with a whole OBU; Z=1 there means its start was lost
    return newTimestamp && (aggregation & Z) == 0;
  }

  @Override
  protected void beginFrame() {
    obu.clear();
    obuOpen = false;
    unitHasSequenceHeader = false;
    unitFrameTypeKnown = false;
    unitKey = false;
  }

  @Override
  protected void resetCodec() {
    obu.clear();
    obuOpen = false;
    sequence = null;
    width = 0;
    height = 0;
  }

  @Override
  protected void append(RtpPacket packet) throws MalformedPacketException {
    byte[] b = packet.buffer();
    int off = packet.payloadOffset();
    int end = off + packet.payloadLength();
    int w = (aggregation >>> 4) & 3;
    int pos = off + 1;
    int count = 0;
    while (pos < end) {
      int length;
      boolean lastByCount = w != 0 && count == w - 1;
      if (lastByCount) {
        length = end - pos;
      } else {
        long read = Av1Obus.readLeb128(b, pos, end, "av1");
        pos += Av1Obus.leb128Length(read);
        if (Av1Obus.leb128Value(read) > end - pos) {
          throw new MalformedPacketException("av1.element_length", "element of " + Av1Obus.leb128Value(read)
              + " bytes, " + (end - pos) + " left");
        }
        length = (int) Av1Obus.leb128Value(read);
      }
      if (length == 0) {
        throw new MalformedPacketException("av1.empty_element", "OBU element of 0 bytes");
      }
      boolean first = count == 0;
      boolean last = pos + length == end;
      if (first && (aggregation & Z) != 0) {
        if (!obuOpen) {
          throw new MalformedPacketException("av1.fragment_no_start", "Z=1 but no OBU fragment is open");
        }
      } else {
        if (obuOpen) {
          throw new MalformedPacketException("av1.fragment_unterminated", "Y=1 was not followed by Z=1");
        }
        obu.clear();
        obuOpen = true;
      }
      if (obu.size() + length > MAX_FRAME_BYTES) {
        throw new MalformedPacketException("av1.frame_too_large", "OBU over " + MAX_FRAME_BYTES + " bytes");
      }
      obu.append(b, pos, length);
      if (!(last && (aggregation & Y) != 0)) {
        writeObu();
        obuOpen = false;
      }
      pos += length;
      count++;
      if (lastByCount) {
        break;
      }
    }
    if (w != 0 && count != w) {
      throw new MalformedPacketException("av1.element_count", "W=" + w + " but " + count + " elements");
    }
  }

  @Override
  protected Frame build(long timestamp, int firstSequence, int lastSequence, long arrival)
      throws MalformedPacketException {
    if (obuOpen) {
      throw new MalformedPacketException("av1.fragment_unterminated", "temporal unit ended inside an OBU (Y=1)");
    }
    if (buffer.size() == 0) {
      return null; // only temporal delimiters or padding: nothing to decode
    }
    boolean key = unitHasSequenceHeader && unitKey;
    return new Frame(buffer.toByteArray(), timestamp, firstSequence, lastSequence, key, width, height, arrival, 0,
        false);
  }

  /** Appends the whole OBU in {@link #obu} to the temporal unit with its obu_size. */
  private void writeObu() throws MalformedPacketException {
    byte[] o = obu.array();
    int size = obu.size();
    int header = o[0] & 0xff;
    if ((header & 0x80) != 0) {
      throw new MalformedPacketException("av1.obu_forbidden_bit", "OBU header with forbidden bit set");
    }
    int type = Av1Obus.type(header);
    int[] payload = obuPayload(o, 0, size);
    int headerLength = Av1Obus.hasExtension(header) ? 2 : 1;
    if (type == Av1Obus.OBU_TEMPORAL_DELIMITER || type == Av1Obus.OBU_TILE_LIST || type == Av1Obus.OBU_PADDING) {
      return;
    }
    if (type == Av1Obus.OBU_SEQUENCE_HEADER) {
      sequence = Av1SequenceHeader.parse(o, payload[0], payload[1]);
      unitHasSequenceHeader = true;
      width = sequence.maxWidth();
      height = sequence.maxHeight();
    } else if ((type == Av1Obus.OBU_FRAME || type == Av1Obus.OBU_FRAME_HEADER) && !unitFrameTypeKnown) {
      unitFrameTypeKnown = true;
      unitKey = sequence != null && keyFrameHeader(sequence, o, payload[0], payload[1]);
    }
    if (buffer.size() + size + 8 > MAX_FRAME_BYTES) {
      throw new MalformedPacketException("av1.frame_too_large", "temporal unit over " + MAX_FRAME_BYTES + " bytes");
    }
    buffer.append(header | 0x02); // obu_has_size_field = 1
    if (headerLength == 2) {
      buffer.append(o[1] & 0xff);
    }
    Av1Obus.writeLeb128(buffer, payload[1]);
    buffer.append(o, payload[0], payload[1]);
  }

  /**
   * {offset, length} of the payload of the OBU at {@code start} spanning {@code length} bytes (its
   * element), past the header, the extension and an obu_size if present; that size must fill the
   * element exactly.
   */
  private static int[] obuPayload(byte[] b, int start, int length) throws MalformedPacketException {
    int header = b[start] & 0xff;
    int headerLength = Av1Obus.hasExtension(header) ? 2 : 1;
    if (length < headerLength) {
      throw new MalformedPacketException("av1.obu_truncated", "OBU of " + length + " bytes, header needs "
          + headerLength);
    }
    int from = start + headerLength;
    int end = start + length;
    if (!Av1Obus.hasSizeField(header)) {
      return new int[] {from, end - from};
    }
    long read = Av1Obus.readLeb128(b, from, end, "av1");
    from += Av1Obus.leb128Length(read);
    if (Av1Obus.leb128Value(read) != end - from) {
      throw new MalformedPacketException("av1.obu_size", "obu_size " + Av1Obus.leb128Value(read) + " in an element of "
          + (end - from) + " payload bytes");
    }
    return new int[] {from, end - from};
  }

  /**
   * Whether an uncompressed frame header (section 5.9.2) starts a key frame: with reduced still
   * picture headers every frame is one; otherwise show_existing_frame f(1) = 0, then frame_type
   * f(2) = KEY_FRAME (0).
   */
  private static boolean keyFrameHeader(Av1SequenceHeader seq, byte[] b, int offset, int length)
      throws MalformedPacketException {
    if (seq.reducedStillPictureHeader()) {
      return true;
    }
    BitReader r = new BitReader(b, offset, length, "av1.frame_header");
    return !r.flag() && r.bits(2) == 0;
  }
}
