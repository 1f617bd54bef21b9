package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * Whether a VP9 packet (RFC 9628 section 4.2) begins a frame that is not inter-predicted: the
 * first descriptor byte {@code |I|P|L|F|B|E|V|Z|} has B (beginning of frame) set and P clear.
 */
final class Vp9KeyframeDetector implements KeyframeDetector {
  @Override
  public boolean isKeyframeStart(RtpPacket packet) {
    if (packet.payloadLength() < 1) {
      return false;
    }
    int d = packet.buffer()[packet.payloadOffset()] & 0xff;
    boolean predicted = (d & 0x40) != 0;
    boolean begin = (d & 0x08) != 0;
    return begin && !predicted;
  }
}
