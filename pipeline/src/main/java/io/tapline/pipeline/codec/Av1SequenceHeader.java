package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The start of an AV1 sequence header OBU payload (AV1 Bitstream Specification section 5.5.1),
 * read as far as the maximum frame size, which is all the depacketizer needs: whether frame
 * headers are reduced (every frame then a key frame) and the picture size.
 *
 * <pre>
 * seq_profile f(3), still_picture f(1), reduced_still_picture_header f(1)
 * reduced: seq_level_idx[0] f(5)
 * else:    timing_info_present_flag f(1) [timing_info(): f(32) f(32) equal_picture_interval f(1) [uvlc()]]
 *          [decoder_model_info_present_flag f(1) [buffer_delay_length_minus_1 f(5) f(32) f(5) f(5)]]
 *          initial_display_delay_present_flag f(1), operating_points_cnt_minus_1 f(5)
 *          per operating point: operating_point_idc f(12), seq_level_idx f(5), [seq_tier f(1) if idx > 7],
 *            [decoder_model_present_for_this_op f(1) [f(n) f(n) low_delay_mode_flag f(1)]],
 *            [initial_display_delay_present_for_this_op f(1) [f(4)]]
 * frame_width_bits_minus_1 f(4), frame_height_bits_minus_1 f(4),
 * max_frame_width_minus_1 f(n), max_frame_height_minus_1 f(n)
 * </pre>
 *
 * @param maxWidth max_frame_width_minus_1 + 1: the coded width of frames that do not override it
 * @param maxHeight max_frame_height_minus_1 + 1
 */
public record Av1SequenceHeader(
    int profile, boolean reducedStillPictureHeader, int level, int tier, int maxWidth, int maxHeight) {
  private static final String PREFIX = "av1.sequence_header";

  /** Parses the payload of a sequence header OBU (after its header and size). */
  public static Av1SequenceHeader parse(byte[] b, int offset, int length) throws MalformedPacketException {
    BitReader r = new BitReader(b, offset, length, PREFIX);
    int profile = (int) r.bits(3);
    if (profile > 2) {
      throw new MalformedPacketException("av1.sequence_header_profile", "seq_profile " + profile + " is reserved");
    }
    r.bit(); // still_picture
    boolean reduced = r.flag();
    int level;
    int tier = 0;
    if (reduced) {
      level = (int) r.bits(5);
    } else {
      boolean decoderModelInfo = false;
      int bufferDelayLength = 0;
      if (r.flag()) { // timing_info_present_flag
        r.bits(32); // num_units_in_display_tick
        r.bits(32); // time_scale
        if (r.flag()) { // equal_picture_interval
          uvlc(r); // num_ticks_per_picture_minus_1
        }
        decoderModelInfo = r.flag();
        if (decoderModelInfo) {
          bufferDelayLength = (int) r.bits(5) + 1;
          r.bits(32); // num_units_in_decoding_tick
          r.bits(10); // buffer_removal_time_length_minus_1, frame_presentation_time_length_minus_1
        }
      }
      boolean initialDisplayDelay = r.flag();
      int operatingPoints = (int) r.bits(5) + 1;
      level = -1;
      for (int i = 0; i < operatingPoints; i++) {
        r.bits(12); // operating_point_idc
        int idx = (int) r.bits(5);
        int t = idx > 7 ? r.bit() : 0;
        if (i == 0) {
          level = idx;
          tier = t;
        }
        if (decoderModelInfo && r.flag()) { // decoder_model_present_for_this_op
          r.bits(bufferDelayLength); // decoder_buffer_delay
          r.bits(bufferDelayLength); // encoder_buffer_delay
          r.bit(); // low_delay_mode_flag
        }
        if (initialDisplayDelay && r.flag()) {
          r.bits(4); // initial_display_delay_minus_1
        }
      }
    }
    int widthBits = (int) r.bits(4) + 1;
    int heightBits = (int) r.bits(4) + 1;
    int width = (int) r.bits(widthBits) + 1;
    int height = (int) r.bits(heightBits) + 1;
    return new Av1SequenceHeader(profile, reduced, level, tier, width, height);
  }

  /** uvlc() (section 4.10.3): a value of up to 32 bits after as many leading zeros. */
  private static long uvlc(BitReader r) throws MalformedPacketException {
    int zeros = 0;
    while (r.bit() == 0) {
      zeros++;
      if (zeros > 32) {
        throw new MalformedPacketException(PREFIX + "_uvlc", "uvlc with more than 32 leading zeros");
      }
    }
    return zeros >= 32 ? 0xffff_ffffL : r.bits(zeros) + (1L << zeros) - 1;
  }
}
