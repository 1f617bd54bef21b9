package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.List;

/**
 * Turns the RTP packets of one stream into whole frames.
 *
 * <p>Input contract: packets of one SSRC in sequence-number order (the caller reorders). Duplicates
 * may still occur and are ignored. Missing sequence numbers are loss: a frame missing a packet is
 * dropped, never emitted, and a video depacketizer then skips frames until the next keyframe, so a
 * decoder never sees a frame whose references are gone (the cause of grey or green garbage). Every
 * drop is counted in {@link #drops()} under a {@code <codec>.<why>} reason.
 *
 * <p>Not thread-safe: one instance per stream, driven by one thread.
 */
public interface Depacketizer {

  /**
   * Feeds one packet; frames completed by it are appended to {@code out} (usually zero or one).
   * The packet's buffer is not kept, so the caller may reuse it.
   *
   * @param arrivalMicros the packet's arrival time, carried into {@link Frame#arrivalMicros()}
   * @throws MalformedPacketException when the payload cannot be parsed; the frame it belonged to is
   *     dropped as if the packet had been lost. The caller counts the reason.
   */
  void push(RtpPacket packet, long arrivalMicros, List<Frame> out) throws MalformedPacketException;

  /**
   * Ends the frame in progress, at the end of a stream or segment. Frames are emitted as soon as
   * their last packet arrives, so the only frame held back is one whose end has not been seen: it
   * is emitted when provably complete (VP9 with a scalability structure), otherwise dropped and
   * counted as {@code <codec>.frame_unterminated}, and a keyframe is needed again. Sequence
   * tracking and codec parameters (e.g. the last H.264 SPS/PPS) are kept, so pushing may go on.
   */
  void flush(List<Frame> out);

  /** Forgets all state (e.g. on an SSRC change): the next frame must be a keyframe. */
  void reset();

  /**
   * Whether loss has broken the reference chain and frames are being skipped until a keyframe.
   * The owner of the stream sends a keyframe request (PLI/FIR) while this is true. Starts true for
   * video (a recording cannot start on a delta frame); always false for audio.
   */
  boolean needsKeyframe();

  /** Frames and packets dropped, by reason. */
  DropCounters drops();

  /** The codec name as in SDP rtpmap: {@code VP8}, {@code VP9}, {@code H264}, {@code AV1}, {@code OPUS}. */
  String codec();
}
