package io.tapline.compositor.codec;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups video RTP packets into pictures (same timestamp, contiguous sequence numbers, ending
 * with the marker bit) and lets through only pictures a decoder can use: from the first keyframe
 * on, and after any loss only from the next keyframe (a frozen picture, not garbage).
 */
final class VideoFrameGrouper {

  /** The codec-specific part of a video payload format. */
  interface PayloadFormat {
    /** Whether this packet's payload begins a picture. */
    boolean startsPicture(byte[] buf, int off, int len);

    /** Offset of the codec bitstream inside the payload (after the payload descriptor), or -1 if malformed. */
    int bitstreamOffset(byte[] buf, int off, int len);

    /** Whether a whole picture's bitstream is a keyframe. */
    boolean isKeyframe(byte[] picture);

    /** {width, height} carried by a keyframe's bitstream, or null. */
    int[] dimensions(byte[] picture);
  }

  private VideoFrameGrouper() {}

  static List<EncodedFrame> group(String trackId, List<OrderedPacket> packets, PayloadFormat format, SkipLog skips) {
    List<EncodedFrame> out = new ArrayList<>();
    boolean needKeyframe = true;
    boolean seenKeyframe = false;
    long expectedSeq = Long.MIN_VALUE;
    long beforeFirstKey = 0;
    long afterLoss = 0;
    long incomplete = 0;
    int i = 0;
    while (i < packets.size()) {
      int j = i;
      long ts = packets.get(i).timestamp();
      while (j < packets.size() && packets.get(j).timestamp() == ts) {
        j++;
      }
      List<OrderedPacket> group = packets.subList(i, j);
      boolean lossBefore = expectedSeq != Long.MIN_VALUE && group.get(0).seq() != expectedSeq;
      expectedSeq = group.get(group.size() - 1).seq() + 1;
      i = j;
      byte[] picture = assemble(group, format);
      if (picture == null) {
        incomplete++;
        needKeyframe = true;
        continue;
      }
      boolean key = format.isKeyframe(picture);
      if (lossBefore && !key) {
        needKeyframe = true;
      }
      if (needKeyframe && !key) {
        if (seenKeyframe) {
          afterLoss++;
        } else {
          beforeFirstKey++;
        }
        continue;
      }
      needKeyframe = false;
      seenKeyframe |= key;
      int[] dims = key ? format.dimensions(picture) : null;
      out.add(new EncodedFrame(ts, group.get(0).arrivalMicros(), picture, key,
          dims == null ? 0 : dims[0], dims == null ? 0 : dims[1]));
    }
    skips.add(trackId, "video.before_first_keyframe", beforeFirstKey, "pictures before the first keyframe");
    skips.add(trackId, "video.incomplete_picture", incomplete, "pictures with lost packets");
    skips.add(trackId, "video.until_keyframe_after_loss", afterLoss, "pictures referencing lost data (frozen)");
    return out;
  }

  /** The picture of a group, or null when a packet is missing or the payload is malformed. */
  private static byte[] assemble(List<OrderedPacket> group, PayloadFormat format) {
    OrderedPacket first = group.get(0);
    OrderedPacket last = group.get(group.size() - 1);
    if (last.seq() - first.seq() + 1 != group.size() || !last.packet().marker()) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int k = 0; k < group.size(); k++) {
      var p = group.get(k).packet();
      byte[] buf = p.buffer();
      int off = p.payloadOffset();
      int len = p.payloadLength();
      if (len <= 0 || (k == 0 && !format.startsPicture(buf, off, len))) {
        return null;
      }
      int skip = format.bitstreamOffset(buf, off, len);
      if (skip < 0 || skip > len) {
        return null;
      }
      bytes.write(buf, off + skip, len - skip);
    }
    return bytes.size() == 0 ? null : bytes.toByteArray();
  }
}
