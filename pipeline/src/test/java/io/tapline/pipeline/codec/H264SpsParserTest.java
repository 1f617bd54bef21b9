package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPS NAL units written by real encoders, sizes as ffprobe reports them. Made with
 * {@code ffmpeg -f lavfi -i testsrc=size=WxH:rate=30 -frames:v 1 -pix_fmt P -c:v libx264 -profile:v
 * PROFILE [-x264-params cqm=jvt | -flags +ildct+ilme -x264-params interlaced=1] -f h264} (x264
 * 164) and {@code gst-launch-1.0 videotestsrc num-buffers=1 ! video/x-raw,width=W,height=H ! openh264enc}
 * (OpenH264), then cut at the start codes.
 */
class H264SpsParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // encoder/profile,                hex SPS,                                                              profile, chroma, frameMbsOnly, width, height, coded width, coded height
    "x264 high 1920x1080,        67640028acd940780227e5c044000003000400000300f03c60c658,       100, 1, true,  1920, 1080, 1920, 1088",
    "x264 high 320x180,          6764000dacd941419f9f0110000003001000000303c0f1429960,         100, 1, true,  320, 180, 320, 192",
    "x264 baseline 1280x720,     6742c01fd9005005bb0110000003001000000303c0f1832480,           66,  1, true,  1280, 720, 1280, 720",
    "x264 high444 cqm 1920x1080, 67f40028919b280f0044fc4e0220000003002000000781e30632c0,     244, 3, true,  1920, 1080, 1920, 1088",
    "x264 high422 cqm 854x480,   677a001fbcd940d83de6f0110000030001000003003c0f183196,         122, 2, true,  854, 480, 864, 480",
    "x264 interlaced 1920x1080,  67640028acd94078044fde0220000003002000000783e2c5b2c0,         100, 1, false, 1920, 1080, 1920, 1088",
    "openh264 176x144,           6742c00b8c8d41626403c2211a80,                                 66,  1, true,  176, 144, 176, 144",
    "openh264 322x182,           6742c00d8c8d40a8cb113403c2211a80,                             66,  1, true,  322, 182, 336, 192",
  })
  void sizesOfRealEncodersSps(String name, String hex, int profile, int chroma, boolean frameMbsOnly,
      int width, int height, int codedWidth, int codedHeight) throws Exception {
    byte[] nal = HexFormat.of().parseHex(hex);
    H264Sps sps = H264SpsParser.parse(nal, 0, nal.length);
    assertEquals(profile, sps.profileIdc());
    assertEquals(chroma, sps.chromaFormatIdc());
    assertEquals(frameMbsOnly, sps.frameMbsOnly());
    assertEquals(width, sps.width());
    assertEquals(height, sps.height());
    assertEquals(codedWidth, sps.codedWidth());
    assertEquals(codedHeight, sps.codedHeight());
  }

  @Test
  void emulationPreventionBytesAreRemoved() {
    byte[] in = HexFormat.of().parseHex("0000030100000300000003");
    assertArrayEquals(HexFormat.of().parseHex("0000010000000000"), H264SpsParser.unescape(in, 0, in.length));
    // 00 00 03 is escaped once only: the following 03 is data
    byte[] twice = HexFormat.of().parseHex("00000303");
    assertArrayEquals(HexFormat.of().parseHex("000003"), H264SpsParser.unescape(twice, 0, twice.length));
  }

  @Test
  void badInputIsRejectedWithAReason() {
    byte[] sps = HexFormat.of().parseHex("67640028acd940780227e5c044000003000400000300f03c60c658");
    assertEquals("h264.sps_truncated", reason(sps, 8));
    assertEquals("h264.sps_type", reason(HexFormat.of().parseHex("68ee3c80"), 4));
    assertEquals("h264.sps_type", reason(sps, 0));
    // 40 zero bits where seq_parameter_set_id's exp-Golomb code starts
    assertEquals("h264.sps_exp_golomb", reason(HexFormat.of().parseHex("67640028000000000080"), 10));
    // chroma_format_idc = 9 (ue 0001010) in a high-profile SPS
    assertEquals("h264.sps_value", reason(HexFormat.of().parseHex("676400288a"), 5));
  }

  private static String reason(byte[] nal, int length) {
    return assertThrows(MalformedPacketException.class, () -> H264SpsParser.parse(nal, 0, length)).reason();
  }
}
