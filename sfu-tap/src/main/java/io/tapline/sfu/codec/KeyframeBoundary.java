package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.Locale;

/**
 * Finds, in one stream of packets in arrival order, the packet where a keyframe begins: the first
 * packet of a frame that the codec's check calls a keyframe start, or, when a frame opens with
 * packets that carry no picture data (an H.264 access unit delimiter or SEI, as GStreamer sends in
 * a leading STAP-A), the first picture packet of that frame. A segment cut there decodes from its
 * first packet on. One instance per stream, not thread-safe.
 */
public final class KeyframeBoundary {
  private final KeyframeDetector detector;
  private final boolean h264;
  private long lastTimestamp = -1;
  private boolean pictureSeen;
  private boolean frameStart;

  public KeyframeBoundary(String codec) {
    this.detector = KeyframeDetectors.forCodec(codec);
    this.h264 = "H264".equals(codec.toUpperCase(Locale.ROOT));
  }

  public boolean isKeyframeStart(RtpPacket packet) {
    frameStart = packet.timestamp() != lastTimestamp;
    if (frameStart) {
      lastTimestamp = packet.timestamp();
      pictureSeen = false;
    }
    boolean candidate = !pictureSeen && detector.isKeyframeStart(packet);
    pictureSeen |= !h264 || H264KeyframeDetector.carriesPicture(packet) || candidate;
    return candidate;
  }

  /** Whether the packet last given to {@link #isKeyframeStart} was the first of its frame. */
  public boolean frameStart() {
    return frameStart;
  }

  /** Forgets the current frame (after a gap such as a pause). */
  public void reset() {
    lastTimestamp = -1;
    pictureSeen = false;
  }
}
