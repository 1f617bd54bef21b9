package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * VP8 frames from RTP (RFC 7741). A frame starts at a packet with S=1 and PID=0 and ends at the
 * marker bit; the payload descriptors are stripped and the VP8 payloads concatenated, giving the
 * frame as the encoder wrote it (what WebM and IVF store).
 *
 * <p>The keyframe flag and resolution come from the VP8 payload header (RFC 7741 section 4.3, RFC
 * 6386 section 9.1):
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |Size0|H| VER |P|   P=0: key frame
 *      +-+-+-+-+-+-+-+-+
 *      |     Size1     |
 *      +-+-+-+-+-+-+-+-+
 *      |     Size2     |
 *      +-+-+-+-+-+-+-+-+
 *      | 9d 01 2a      |   key frames only: start code,
 *      | width  (LE16) |   low 14 bits = width, top 2 bits = horizontal scale
 *      | height (LE16) |   low 14 bits = height, top 2 bits = vertical scale
 * </pre>
 */
public final class Vp8Depacketizer extends AssemblingDepacketizer {
  /** Bytes of a key frame header: 3-byte frame tag, 3-byte start code, two 16-bit sizes. */
  static final int KEY_HEADER_LENGTH = 10;

  private int payloadOffset; // of the packet just parsed, after its descriptor
  private int width; // of the last key frame: delta frames keep it
  private int height;

  public Vp8Depacketizer() {
    super("VP8");
  }

  /** Whether the packet starts a VP8 key frame (S=1, PID=0, P=0); false for malformed packets. */
  public static boolean isKeyframeStart(RtpPacket packet) {
    try {
      Vp8PayloadDescriptor d =
          Vp8PayloadDescriptor.parse(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
      return d.startsFrame()
          && (packet.buffer()[packet.payloadOffset() + d.length()] & 0x01) == 0;
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  @Override
  protected boolean parse(RtpPacket packet, boolean newTimestamp) throws MalformedPacketException {
    Vp8PayloadDescriptor d =
        Vp8PayloadDescriptor.parse(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    payloadOffset = packet.payloadOffset() + d.length();
    return d.startsFrame();
  }

  @Override
  protected void beginFrame() {}

  @Override
  protected void resetCodec() {
    width = 0;
    height = 0;
  }

  @Override
  protected void append(RtpPacket packet) {
    int end = packet.payloadOffset() + packet.payloadLength();
    buffer.append(packet.buffer(), payloadOffset, end - payloadOffset);
  }

  @Override
  protected Frame build(long timestamp, int firstSequence, int lastSequence, long arrival)
      throws MalformedPacketException {
    if (buffer.size() < 3) {
      throw new MalformedPacketException("vp8.frame_truncated", buffer.size() + " bytes, frame tag needs 3");
    }
    int tag = buffer.get(0) | (buffer.get(1) << 8) | (buffer.get(2) << 16);
    boolean key = (tag & 0x01) == 0;
    int firstPartitionSize = tag >>> 5;
    if (key) {
      if (buffer.size() < KEY_HEADER_LENGTH) {
        throw new MalformedPacketException("vp8.frame_truncated", "key frame of " + buffer.size() + " bytes");
      }
      if (buffer.get(3) != 0x9d || buffer.get(4) != 0x01 || buffer.get(5) != 0x2a) {
        throw new MalformedPacketException("vp8.start_code", "key frame without 9d 01 2a");
      }
      int w = (buffer.get(6) | (buffer.get(7) << 8)) & 0x3fff;
      int h = (buffer.get(8) | (buffer.get(9) << 8)) & 0x3fff;
      if (w == 0 || h == 0) {
        throw new MalformedPacketException("vp8.size", "key frame of " + w + "x" + h);
      }
      width = w;
      height = h;
    }
    // RFC 6386 section 9.1: the first partition follows the frame header and must fit the frame
    int header = key ? KEY_HEADER_LENGTH : 3;
    if (header + firstPartitionSize > buffer.size()) {
      throw new MalformedPacketException(
          "vp8.partition_size", "first partition of " + firstPartitionSize + " bytes in a " + buffer.size() + "-byte frame");
    }
    return new Frame(
        buffer.toByteArray(), timestamp, firstSequence, lastSequence, key, width, height, arrival, 0, false);
  }
}
