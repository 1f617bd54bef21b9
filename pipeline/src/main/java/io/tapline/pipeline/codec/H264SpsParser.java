package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;

/**
 * Parses an H.264 sequence parameter set NAL unit (ITU-T H.264 section 7.3.2.1.1) up to the frame
 * cropping, enough for the picture size:
 *
 * <pre>
 * seq_parameter_set_data() {
 *   profile_idc u(8), constraint_set0..5_flag + reserved_zero_2bits u(8), level_idc u(8)
 *   seq_parameter_set_id ue(v)
 *   if (profile_idc in 100 110 122 244 44 83 86 118 128 138 139 134 135) {
 *     chroma_format_idc ue(v); if (chroma_format_idc == 3) separate_colour_plane_flag u(1)
 *     bit_depth_luma_minus8 ue(v), bit_depth_chroma_minus8 ue(v)
 *     qpprime_y_zero_transform_bypass_flag u(1), seq_scaling_matrix_present_flag u(1)
 *     if (seq_scaling_matrix_present_flag) for (i < (chroma_format_idc != 3 ? 8 : 12))
 *       seq_scaling_list_present_flag[i] u(1) -> scaling_list(i < 6 ? 16 : 64)   (7.3.2.1.1.1)
 *   }
 *   log2_max_frame_num_minus4 ue(v), pic_order_cnt_type ue(v)
 *   if (pic_order_cnt_type == 0) log2_max_pic_order_cnt_lsb_minus4 ue(v)
 *   else if (pic_order_cnt_type == 1) { delta_pic_order_always_zero_flag u(1),
 *     offset_for_non_ref_pic se(v), offset_for_top_to_bottom_field se(v),
 *     num_ref_frames_in_pic_order_cnt_cycle ue(v), offset_for_ref_frame[i] se(v) }
 *   max_num_ref_frames ue(v), gaps_in_frame_num_value_allowed_flag u(1)
 *   pic_width_in_mbs_minus1 ue(v), pic_height_in_map_units_minus1 ue(v)
 *   frame_mbs_only_flag u(1); if (!frame_mbs_only_flag) mb_adaptive_frame_field_flag u(1)
 *   direct_8x8_inference_flag u(1), frame_cropping_flag u(1)
 *   if (frame_cropping_flag) frame_crop_left/right/top/bottom_offset ue(v)
 *   ...
 * }
 * </pre>
 *
 * <p>Emulation prevention bytes (00 00 03, section 7.4.1) are removed first. Cropping is applied
 * in units of CropUnitX/CropUnitY (equations 7-19 to 7-22).
 */
public final class H264SpsParser {
  private static final int MAX_MBS = 1 << 16; // 1,048,576 pixels wide: far beyond any level

  private H264SpsParser() {}

  /**
   * Parses a whole SPS NAL unit, header byte included.
   *
   * @throws MalformedPacketException {@code h264.sps_truncated}, {@code h264.sps_exp_golomb},
   *     {@code h264.sps_type} (not NAL type 7), {@code h264.sps_value} (a field out of range)
   */
  public static H264Sps parse(byte[] nal, int offset, int length) throws MalformedPacketException {
    if (length < 1 || (nal[offset] & 0x1f) != 7) {
      throw new MalformedPacketException("h264.sps_type", length < 1 ? "empty NAL unit" : "NAL type " + (nal[offset] & 0x1f));
    }
    byte[] rbsp = unescape(nal, offset + 1, length - 1);
    BitReader r = new BitReader(rbsp, 0, rbsp.length, "h264.sps");
    int profile = (int) r.bits(8);
    int constraints = (int) r.bits(8);
    int level = (int) r.bits(8);
    int id = (int) checked(r.ue(), 31, "seq_parameter_set_id");
    int chromaFormat = 1; // 4:2:0 when absent
    boolean separateColourPlanes = false;
    if (hasChromaInfo(profile)) {
      chromaFormat = (int) checked(r.ue(), 3, "chroma_format_idc");
      if (chromaFormat == 3) {
        separateColourPlanes = r.flag();
      }
      checked(r.ue(), 6, "bit_depth_luma_minus8");
      checked(r.ue(), 6, "bit_depth_chroma_minus8");
      r.bit(); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        int lists = chromaFormat != 3 ? 8 : 12;
        for (int i = 0; i < lists; i++) {
          if (r.flag()) {
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    checked(r.ue(), 12, "log2_max_frame_num_minus4");
    long pocType = checked(r.ue(), 2, "pic_order_cnt_type");
    if (pocType == 0) {
      checked(r.ue(), 12, "log2_max_pic_order_cnt_lsb_minus4");
    } else if (pocType == 1) {
      r.bit(); // delta_pic_order_always_zero_flag
      r.se(); // offset_for_non_ref_pic
      r.se(); // offset_for_top_to_bottom_field
      long cycle = checked(r.ue(), 255, "num_ref_frames_in_pic_order_cnt_cycle");
      for (int i = 0; i < cycle; i++) {
        r.se();
      }
    }
    r.ue(); // max_num_ref_frames
    r.bit(); // gaps_in_frame_num_value_allowed_flag
    int widthMbs = (int) checked(r.ue(), MAX_MBS - 1, "pic_width_in_mbs_minus1") + 1;
    int heightMapUnits = (int) checked(r.ue(), MAX_MBS - 1, "pic_height_in_map_units_minus1") + 1;
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) {
      r.bit(); // mb_adaptive_frame_field_flag
    }
    r.bit(); // direct_8x8_inference_flag
    int codedWidth = widthMbs * 16;
    int codedHeight = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
    int width = codedWidth;
    int height = codedHeight;
    if (r.flag()) { // frame_cropping_flag
      long left = r.ue();
      long right = r.ue();
      long top = r.ue();
      long bottom = r.ue();
      int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
      int subWidthC = chromaFormat == 3 ? 1 : 2;
      int subHeightC = chromaFormat == 1 ? 2 : 1;
      int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
      int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
      long cropX = cropUnitX * (left + right);
      long cropY = cropUnitY * (top + bottom);
      if (cropX >= codedWidth || cropY >= codedHeight) {
        throw new MalformedPacketException(
            "h264.sps_value", "cropping " + cropX + "x" + cropY + " of " + codedWidth + "x" + codedHeight);
      }
      width = (int) (codedWidth - cropX);
      height = (int) (codedHeight - cropY);
    }
    return new H264Sps(profile, constraints, level, id, chromaFormat, frameMbsOnly, width, height, codedWidth, codedHeight);
  }

  /** Profiles whose SPS carries chroma format, bit depths and scaling matrices. */
  private static boolean hasChromaInfo(int profile) {
    return switch (profile) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
      default -> false;
    };
  }

  /** scaling_list() of section 7.3.2.1.1.1: only the deltas' lengths matter here. */
  private static void skipScalingList(BitReader r, int size) throws MalformedPacketException {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        long delta = r.se();
        if (delta < -128 || delta > 127) {
          throw new MalformedPacketException("h264.sps_value", "delta_scale " + delta);
        }
        next = (int) ((last + delta + 256) % 256);
      }
      last = next == 0 ? last : next;
    }
  }

  private static long checked(long value, long max, String field) throws MalformedPacketException {
    if (value > max) {
      throw new MalformedPacketException("h264.sps_value", field + " " + value + " > " + max);
    }
    return value;
  }

  /** The RBSP of a NAL unit payload: every 00 00 03 loses its 03 (section 7.4.1). */
  static byte[] unescape(byte[] b, int offset, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      int v = b[i] & 0xff;
      if (zeros >= 2 && v == 3) {
        zeros = 0;
        continue;
      }
      zeros = v == 0 ? zeros + 1 : 0;
      out[n++] = (byte) v;
    }
    return n == length ? out : Arrays.copyOf(out, n);
  }
}
