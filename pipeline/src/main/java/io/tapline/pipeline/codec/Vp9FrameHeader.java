package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The start of a VP9 uncompressed header (VP9 Bitstream Specification v0.6, section 6.2), far
 * enough to tell a key frame and read its size:
 *
 * <pre>
 * frame_marker f(2) = 2, profile_low_bit f(1), profile_high_bit f(1),
 * [profile 3: reserved_zero f(1)], show_existing_frame f(1) [then frame_to_show_map_idx f(3)],
 * frame_type f(1) (0 = KEY_FRAME), show_frame f(1), error_resilient_mode f(1),
 * key frame: frame_sync_code f(24) = 0x498342, color_config(), frame_width_minus_1 f(16),
 *            frame_height_minus_1 f(16)
 * </pre>
 *
 * @param width frame width for a key frame, else 0
 * @param height frame height for a key frame, else 0
 */
record Vp9FrameHeader(int profile, boolean showExistingFrame, boolean keyframe, int width, int height) {
  private static final int CS_RGB = 7;

  static Vp9FrameHeader parse(byte[] b, int offset, int length) throws MalformedPacketException {
    BitReader r = new BitReader(b, offset, length, "vp9.header");
    if (r.bits(2) != 2) {
      throw new MalformedPacketException("vp9.frame_marker", "uncompressed header without frame marker");
    }
    int profile = r.bit() | (r.bit() << 1);
    if (profile == 3 && r.bit() != 0) {
      throw new MalformedPacketException("vp9.profile", "reserved bit set in profile 3");
    }
    if (r.flag()) { // show_existing_frame: a repeat of a decoded frame, never a key frame
      return new Vp9FrameHeader(profile, true, false, 0, 0);
    }
    boolean key = r.bit() == 0;
    if (!key) {
      return new Vp9FrameHeader(profile, false, false, 0, 0);
    }
    r.bits(2); // show_frame, error_resilient_mode
    if (r.bits(24) != 0x498342) {
      throw new MalformedPacketException("vp9.sync_code", "key frame without sync code 49 83 42");
    }
    if (profile >= 2) {
      r.bit(); // ten_or_twelve_bit
    }
    int colorSpace = (int) r.bits(3);
    if (colorSpace != CS_RGB) {
      r.bit(); // color_range
      if (profile == 1 || profile == 3) {
        r.bits(3); // subsampling_x, subsampling_y, reserved_zero
      }
    } else if (profile == 1 || profile == 3) {
      r.bit(); // reserved_zero
    }
    int width = (int) r.bits(16) + 1;
    int height = (int) r.bits(16) + 1;
    return new Vp9FrameHeader(profile, false, true, width, height);
  }
}
