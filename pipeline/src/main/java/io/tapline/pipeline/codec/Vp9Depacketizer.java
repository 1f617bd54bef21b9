package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * VP9 pictures from RTP (RFC 9628). Packets are grouped by picture (one RTP timestamp): a picture
 * starts at B=1 in its lowest spatial layer (SID 0) and ends at the marker bit. Inside it, each
 * layer frame runs from B=1 to E=1; a picture with one layer frame is emitted as that frame, and
 * with several (spatial scalability, SVC) as a VP9 superframe (VP9 Bitstream Specification Annex
 * B): the layer frames concatenated, then an index of their sizes, which is what WebM, IVF and
 * libvpx expect. A layer frame that is already a superframe cannot be nested and is rejected.
 *
 * <p>Keyframe: the first layer frame has P=0 and its uncompressed header says KEY_FRAME (senders
 * such as ffmpeg leave P=0 on every packet, so the header decides). Resolution: from the
 * scalability structure (the highest spatial layer in the picture) when the sender sends one, else
 * from the key frame header; delta frames keep the last one.
 */
public final class Vp9Depacketizer extends AssemblingDepacketizer {
  private static final int MAX_LAYER_FRAMES = 8; // superframe index: 3-bit frame count

  private Vp9PayloadDescriptor current; // of the packet just parsed
  private int[] ssWidths; // last scalability structure, kept across pictures
  private int[] ssHeights;
  private int width;
  private int height;

  // layer frames of the picture in progress
  private final int[] layerStart = new int[MAX_LAYER_FRAMES];
  private final int[] layerSpatialId = new int[MAX_LAYER_FRAMES];
  private int layerCount;
  private boolean layerOpen;
  private boolean firstLayerPredicted;

  public Vp9Depacketizer() {
    super("VP9");
  }

  /**
   * Whether the packet starts a VP9 key picture: B=1 in spatial layer 0, P=0, and a KEY_FRAME
   * uncompressed header. False for malformed packets.
   */
  public static boolean isKeyframeStart(RtpPacket packet) {
    try {
      Vp9PayloadDescriptor d =
          Vp9PayloadDescriptor.parse(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
      if (!d.beginsLayerFrame() || d.spatialId() != 0 || d.interPicturePredicted()) {
        return false;
      }
      int start = packet.payloadOffset() + d.length();
      return Vp9FrameHeader.parse(packet.buffer(), start, packet.payloadLength() - d.length()).keyframe();
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  @Override
  protected boolean parse(RtpPacket packet, boolean newTimestamp) throws MalformedPacketException {
    current = Vp9PayloadDescriptor.parse(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    if (current.layerWidths() != null) {
      ssWidths = current.layerWidths();
      ssHeights = current.layerHeights();
    }
    return current.beginsLayerFrame() && (current.spatialId() == 0 || newTimestamp);
  }

  @Override
  protected void beginFrame() {
    layerCount = 0;
    layerOpen = false;
    firstLayerPredicted = current.interPicturePredicted();
  }

  @Override
  protected void append(RtpPacket packet) throws MalformedPacketException {
    if (current.beginsLayerFrame()) {
      if (layerOpen) {
        throw new MalformedPacketException("vp9.layer_unterminated", "B=1 before the previous layer frame's E=1");
      }
      if (layerCount == MAX_LAYER_FRAMES) {
        throw new MalformedPacketException("vp9.too_many_layers", "more than 8 layer frames in a picture");
      }
      layerStart[layerCount] = buffer.size();
      layerSpatialId[layerCount] = current.spatialId();
      layerCount++;
      layerOpen = true;
    } else if (!layerOpen) {
      throw new MalformedPacketException("vp9.layer_no_start", "packet after E=1 without B=1");
    }
    int skip = current.length();
    buffer.append(packet.buffer(), packet.payloadOffset() + skip, packet.payloadLength() - skip);
    if (current.endsLayerFrame()) {
      layerOpen = false;
    }
  }

  @Override
  protected boolean provablyComplete() {
    // E=1 on the top layer the scalability structure announced: nothing more can belong here
    return !layerOpen && layerCount > 0 && ssWidths != null
        && layerSpatialId[layerCount - 1] == ssWidths.length - 1;
  }

  @Override
  protected void resetCodec() {
    ssWidths = null;
    ssHeights = null;
    width = 0;
    height = 0;
  }

  @Override
  protected Frame build(long timestamp, int firstSequence, int lastSequence, long arrival)
      throws MalformedPacketException {
    if (layerOpen) {
      throw new MalformedPacketException("vp9.layer_unterminated", "picture ended inside a layer frame");
    }
    int firstEnd = layerCount > 1 ? layerStart[1] : buffer.size();
    Vp9FrameHeader header = Vp9FrameHeader.parse(buffer.array(), 0, firstEnd);
    boolean key = !firstLayerPredicted && header.keyframe();
    int top = layerSpatialId[layerCount - 1];
    if (ssWidths != null && top < ssWidths.length) {
      width = ssWidths[top];
      height = ssHeights[top];
    } else if (key && layerCount == 1) {
      width = header.width();
      height = header.height();
    }
    byte[] data = layerCount == 1 ? buffer.toByteArray() : superframe();
    return new Frame(data, timestamp, firstSequence, lastSequence, key, width, height, arrival, 0, false);
  }

  /** Packs the layer frames with a superframe index (VP9 Bitstream Specification Annex B.3). */
  private byte[] superframe() throws MalformedPacketException {
    int[] sizes = new int[layerCount];
    int maxSize = 0;
    for (int i = 0; i < layerCount; i++) {
      sizes[i] = (i + 1 < layerCount ? layerStart[i + 1] : buffer.size()) - layerStart[i];
      if (hasSuperframeIndex(layerStart[i], sizes[i])) {
        throw new MalformedPacketException("vp9.nested_superframe", "layer frame " + i + " is a superframe");
      }
      maxSize = Math.max(maxSize, sizes[i]);
    }
    int mag = maxSize < 1 << 8 ? 1 : maxSize < 1 << 16 ? 2 : maxSize < 1 << 24 ? 3 : 4;
    int marker = 0xc0 | ((mag - 1) << 3) | (layerCount - 1);
    buffer.append(marker);
    for (int size : sizes) {
      for (int k = 0; k < mag; k++) {
        buffer.append(size >>> (8 * k)); // little-endian
      }
    }
    buffer.append(marker);
    return buffer.toByteArray();
  }

  /** Whether a frame ends with a superframe index (marker byte 110xxxxx at both ends). */
  private boolean hasSuperframeIndex(int start, int size) {
    int last = buffer.get(start + size - 1);
    if ((last & 0xe0) != 0xc0) {
      return false;
    }
    int indexSize = 2 + (((last >>> 3) & 0x03) + 1) * ((last & 0x07) + 1);
    return size >= indexSize && buffer.get(start + size - indexSize) == last;
  }
}
