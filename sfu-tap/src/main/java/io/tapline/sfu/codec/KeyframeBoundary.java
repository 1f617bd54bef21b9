package io.tapline.sfu.codec;

import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.codec.KeyframeDetector;
import io.tapline.pipeline.rtp.RtpPacket;

/**
 * Finds, in one video stream in arrival order, the one packet per keyframe where a segment may
 * start: the first packet of a frame (one RTP timestamp) that the pipeline's {@link
 * KeyframeDetector} flags. The detector alone is not enough to roll segments:
 *
 * <ul>
 *   <li>it may flag several packets of one keyframe (an H.264 STAP-A with the SPS and then the
 *       packet with the first IDR slice), and only the first is a boundary;
 *   <li>a frame may open with packets that carry no picture (GStreamer's rtph264pay sends an
 *       AUD-only STAP-A ahead of a fragmented IDR slice), so the boundary is not always the
 *       frame's first packet; the packets before it are left to the previous segment, which the
 *       decoder ignores;
 *   <li>a roll forced after the grace period must still cut between frames ({@link #frameStart}).
 * </ul>
 *
 * <p>VP9 from ffmpeg never sets the descriptor's P bit: the pipeline's detector reads the frame
 * header instead. One instance per stream, not thread-safe.
 */
public final class KeyframeBoundary {
  private final KeyframeDetector detector;
  private long lastTimestamp = -1;
  private boolean boundarySeen;
  private boolean frameStart;

  /** For an SDP encoding name; a codec the pipeline does not know never gives a boundary. */
  public KeyframeBoundary(String codec) {
    this.detector = Depacketizers.supports(codec) ? Depacketizers.keyframeDetector(codec) : packet -> false;
  }

  public boolean isKeyframeStart(RtpPacket packet) {
    frameStart = packet.timestamp() != lastTimestamp;
    if (frameStart) {
      lastTimestamp = packet.timestamp();
      boundarySeen = false;
    }
    if (boundarySeen || !detector.isKeyframeStart(packet)) {
      return false;
    }
    boundarySeen = true;
    return true;
  }

  /** Whether the packet last given to {@link #isKeyframeStart} was the first of its frame. */
  public boolean frameStart() {
    return frameStart;
  }

  /** Forgets the current frame (after a gap such as a pause). */
  public void reset() {
    lastTimestamp = -1;
    boundarySeen = false;
  }
}
