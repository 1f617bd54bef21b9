package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * Whether an H.264 packet (RFC 6184 section 5.2) carries the start of an IDR picture or of the
 * SPS that precedes one: a single NAL unit of type 5 or 7, a STAP-A holding one, or the first
 * fragment (S bit) of an FU-A of such a type.
 */
final class H264KeyframeDetector implements KeyframeDetector {
  private static final int IDR = 5;
  private static final int SPS = 7;
  private static final int STAP_A = 24;
  private static final int FU_A = 28;

  @Override
  public boolean isKeyframeStart(RtpPacket packet) {
    byte[] b = packet.buffer();
    int pos = packet.payloadOffset();
    int end = pos + packet.payloadLength();
    if (end - pos < 1) {
      return false;
    }
    int type = b[pos] & 0x1f;
    if (type == IDR || type == SPS) {
      return true;
    }
    if (type == FU_A) {
      if (end - pos < 2) {
        return false;
      }
      int fuHeader = b[pos + 1] & 0xff;
      int inner = fuHeader & 0x1f;
      return (fuHeader & 0x80) != 0 && (inner == IDR || inner == SPS);
    }
    if (type == STAP_A) {
      for (int p = pos + 1; p + 3 <= end; ) {
        int size = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
        if (size == 0 || p + 2 + size > end) {
          return false;
        }
        int inner = b[p + 2] & 0x1f;
        if (inner == IDR || inner == SPS) {
          return true;
        }
        p += 2 + size;
      }
    }
    return false;
  }
}
