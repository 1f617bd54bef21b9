package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * Whether a VP9 packet (RFC 9628 section 4.2) begins a keyframe. The descriptor's first byte is
 * {@code |I|P|L|F|B|E|V|Z|}: B (beginning of frame) must be set and P (inter-picture predicted)
 * clear. Some packetizers (ffmpeg) never set P, so when the descriptor can be skipped the frame's
 * own uncompressed header decides (VP9 bitstream spec section 6.2: frame_marker, profile,
 * show_existing_frame, frame_type 0 = key frame).
 */
final class Vp9KeyframeDetector implements KeyframeDetector {
  @Override
  public boolean isKeyframeStart(RtpPacket packet) {
    byte[] b = packet.buffer();
    int pos = packet.payloadOffset();
    int end = pos + packet.payloadLength();
    if (end - pos < 1) {
      return false;
    }
    int d = b[pos] & 0xff;
    boolean predicted = (d & 0x40) != 0;
    if ((d & 0x08) == 0 || predicted) {
      return false;
    }
    int header = headerOffset(b, pos, end, d);
    return header < 0 || isKeyFrameHeader(b[header] & 0xff);
  }

  /** Offset of the VP9 frame after the payload descriptor, or -1 when it cannot be found. */
  private static int headerOffset(byte[] b, int pos, int end, int d) {
    boolean i = (d & 0x80) != 0;
    boolean p = (d & 0x40) != 0;
    boolean l = (d & 0x20) != 0;
    boolean f = (d & 0x10) != 0;
    boolean v = (d & 0x02) != 0;
    int at = pos + 1;
    if (i) {
      if (at >= end) {
        return -1;
      }
      at += (b[at] & 0x80) != 0 ? 2 : 1;
    }
    if (l) {
      at += f ? 1 : 2;
    }
    if (f && p) {
      while (at < end && (b[at++] & 0x01) != 0) {
        // P_DIFF entries chain with their N bit
      }
    }
    if (v) {
      if (at >= end) {
        return -1;
      }
      int ss = b[at++] & 0xff;
      int layers = (ss >>> 5) + 1;
      if ((ss & 0x10) != 0) {
        at += 4 * layers; // WIDTH and HEIGHT per spatial layer
      }
      if ((ss & 0x08) != 0) {
        if (at >= end) {
          return -1;
        }
        int groups = b[at++] & 0xff;
        for (int g = 0; g < groups && at < end; g++) {
          int refs = (b[at++] >>> 2) & 0x03;
          at += refs;
        }
      }
    }
    return at < end ? at : -1;
  }

  private static boolean isKeyFrameHeader(int h) {
    if ((h >>> 6) != 2) {
      return true; // not a frame header we can read: trust the descriptor
    }
    int profile = ((h >>> 5) & 1) | (((h >>> 4) & 1) << 1);
    int bit = profile == 3 ? 2 : 3; // bits left of the byte after marker and profile (+ reserved)
    boolean showExisting = ((h >>> bit) & 1) != 0;
    if (showExisting) {
      return false;
    }
    return ((h >>> (bit - 1)) & 1) == 0;
  }
}
