package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.util.List;

/**
 * VP8 over RTP (RFC 7741). Payload descriptor (section 4.2):
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      |X|R|N|S|R| PID | (REQUIRED)
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 * I:   |M| PictureID   | (OPTIONAL, 7 or 15 bits)
 * L:   |   TL0PICIDX   | (OPTIONAL)
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 * </pre>
 *
 * A picture starts at S=1, PID=0. The VP8 frame tag (RFC 6386 section 9.1) says keyframe with a
 * 0 in bit 0 of its first byte, followed on keyframes by a start code and the 14-bit sizes.
 */
public final class Vp8Codec implements RtpCodec, VideoFrameGrouper.PayloadFormat {

  @Override
  public String name() {
    return "VP8";
  }

  @Override
  public boolean isVideo() {
    return true;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_VP8;
  }

  @Override
  public String exportFormat() {
    return "webm";
  }

  @Override
  public String exportExtension() {
    return "webm";
  }

  @Override
  public List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips) {
    return VideoFrameGrouper.group(trackId, packets, this, skips);
  }

  @Override
  public boolean startsPicture(byte[] b, int off, int len) {
    return (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;
  }

  @Override
  public int bitstreamOffset(byte[] b, int off, int len) {
    int i = 1;
    if ((b[off] & 0x80) != 0) {
      if (len < 2) {
        return -1;
      }
      int x = b[off + 1] & 0xff;
      i = 2;
      if ((x & 0x80) != 0) {
        if (len <= i) {
          return -1;
        }
        i += (b[off + i] & 0x80) != 0 ? 2 : 1;
      }
      if ((x & 0x40) != 0) {
        i++;
      }
      if ((x & 0x30) != 0) {
        i++;
      }
    }
    return i < len ? i : -1;
  }

  @Override
  public boolean isKeyframe(byte[] picture) {
    return picture.length >= 10 && (picture[0] & 0x01) == 0
        && (picture[3] & 0xff) == 0x9d && (picture[4] & 0xff) == 0x01 && (picture[5] & 0xff) == 0x2a;
  }

  @Override
  public int[] dimensions(byte[] picture) {
    if (!isKeyframe(picture)) {
      return null;
    }
    int w = ((picture[6] & 0xff) | ((picture[7] & 0xff) << 8)) & 0x3fff;
    int h = ((picture[8] & 0xff) | ((picture[9] & 0xff) << 8)) & 0x3fff;
    return new int[] {w, h};
  }
}
