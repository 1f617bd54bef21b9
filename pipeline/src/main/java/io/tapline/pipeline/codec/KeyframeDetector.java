package io.tapline.pipeline.codec;

import io.tapline.pipeline.rtp.RtpPacket;

/**
 * Tells from a single packet, without assembling, whether it is the first packet of a keyframe.
 * Stateless and thread-safe; the SFU uses it to switch layers and the tap to roll segments. A
 * malformed packet is simply not a keyframe start.
 */
@FunctionalInterface
public interface KeyframeDetector {
  boolean isKeyframeStart(RtpPacket packet);
}
