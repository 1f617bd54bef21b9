package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The duration of an Opus packet from its TOC byte and frame count (RFC 6716 section 3.1), with
 * the packet-level checks of section 3.4 that need no decoding:
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * | config  |s| c |   config: mode, bandwidth and frame size (Table 2); c: frames per packet
 * +-+-+-+-+-+-+-+-+   c=0: 1 frame, c=1: 2 equal frames, c=2: 2 frames, c=3: M frames
 *
 * code 3, second byte:
 * +-+-+-+-+-+-+-+-+
 * |v|p|     M     |   v: VBR, p: padding, M: frame count (1..48, at most 120 ms in all)
 * +-+-+-+-+-+-+-+-+
 * </pre>
 */
final class OpusPacketDuration {
  /** 120 ms at 48 kHz: the longest packet (RFC 6716 section 3.2.5, requirement R5). */
  static final int MAX_SAMPLES = 5760;
  private static final int MAX_FRAME_BYTES = 1275;

  private OpusPacketDuration() {}

  /** Samples at 48 kHz of one frame for a TOC byte (RFC 6716 Table 2). */
  static int frameSamples(int toc) {
    int config = (toc & 0xff) >>> 3;
    if (config < 12) { // SILK-only: 10, 20, 40, 60 ms
      return new int[] {480, 960, 1920, 2880}[config & 3];
    }
    if (config < 16) { // Hybrid: 10, 20 ms
      return (config & 1) == 0 ? 480 : 960;
    }
    return 120 << (config & 3); // CELT-only: 2.5, 5, 10, 20 ms
  }

  /**
   * Samples at 48 kHz of the whole packet {@code b[offset, offset + length)}.
   *
   * @throws MalformedPacketException {@code opus.empty}, {@code opus.frame_count}, {@code
   *     opus.frame_size}, {@code opus.truncated}
   */
  static int samples(byte[] b, int offset, int length) throws MalformedPacketException {
    if (length < 1) {
      throw new MalformedPacketException("opus.empty", "no TOC byte (R1)");
    }
    int toc = b[offset] & 0xff;
    int frame = frameSamples(toc);
    int rest = length - 1;
    switch (toc & 3) {
      case 0 -> {
        checkFrame(rest);
        return frame;
      }
      case 1 -> {
        if ((rest & 1) != 0) {
          throw new MalformedPacketException("opus.frame_size", "two equal frames in an odd " + rest + " bytes (R3)");
        }
        checkFrame(rest / 2);
        return 2 * frame;
      }
      case 2 -> {
        int first = frameLength(b, offset + 1, rest);
        int lengthBytes = first < 252 ? 1 : 2;
        if (first > rest - lengthBytes) {
          throw new MalformedPacketException("opus.truncated", "first frame of " + first + " bytes (R4)");
        }
        checkFrame(first);
        checkFrame(rest - lengthBytes - first);
        return 2 * frame;
      }
      default -> {
        if (rest < 1) {
          throw new MalformedPacketException("opus.truncated", "code 3 without frame count byte (R6)");
        }
        int count = b[offset + 1] & 0x3f;
        if (count == 0 || count * frame > MAX_SAMPLES) {
          throw new MalformedPacketException("opus.frame_count", count + " frames of " + frame + " samples (R5)");
        }
        return count * frame;
      }
    }
  }

  /** A frame length of code 2 (section 3.2.1): one byte below 252, else two. */
  private static int frameLength(byte[] b, int offset, int available) throws MalformedPacketException {
    if (available < 1) {
      throw new MalformedPacketException("opus.truncated", "code 2 without frame length");
    }
    int first = b[offset] & 0xff;
    if (first < 252) {
      return first;
    }
    if (available < 2) {
      throw new MalformedPacketException("opus.truncated", "two-byte frame length cut");
    }
    return 4 * (b[offset + 1] & 0xff) + first;
  }

  private static void checkFrame(int bytes) throws MalformedPacketException {
    if (bytes > MAX_FRAME_BYTES) {
      throw new MalformedPacketException("opus.frame_size", "frame of " + bytes + " bytes (R2)");
    }
  }
}
