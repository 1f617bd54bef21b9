package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.List;
import java.util.Locale;

/**
 * The loss and keyframe discipline shared by the video depacketizers; subclasses only parse their
 * payload format.
 *
 * <p>A frame opens at a packet the codec marks as a frame start and closes at the marker bit, or,
 * for senders that forget the marker, at the next frame start or timestamp change. Any missing
 * sequence number damages the frame in progress and breaks the reference chain: the damaged frame
 * is dropped and every frame until the next keyframe is skipped. Packets whose frame start was lost
 * are discarded. A lost padding-only packet also counts as loss: a sequence gap cannot tell them
 * apart, and a needless keyframe is cheaper than a corrupt one.
 *
 * <p>Drop reasons: {@code <codec>.duplicate}, {@code <codec>.gap} (once per run of missing
 * packets), {@code <codec>.no_frame_start}, {@code <codec>.frame_incomplete}, {@code
 * <codec>.frame_unterminated} (pending at flush), {@code <codec>.awaiting_keyframe}, and the
 * reasons of {@link MalformedPacketException}s raised while finishing a frame.
 */
abstract class AssemblingDepacketizer implements Depacketizer {
  private final String codec;
  private final String prefix;
  private final DropCounters drops = new DropCounters();
  /** The frame being assembled; subclasses append payload bytes here. */
  protected final FrameBuffer buffer = new FrameBuffer();

  private boolean needKeyframe = true;
  private int lastSequence = -1;
  private boolean inFrame;
  private boolean damaged;
  private long frameTimestamp;
  private int frameFirstSequence;
  private int frameLastSequence;
  private long frameArrival;

  AssemblingDepacketizer(String codec) {
    this.codec = codec;
    this.prefix = codec.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the payload descriptor of {@code packet} into the subclass's per-packet fields and
   * tells whether the packet starts a frame. Must not change the frame in progress.
   *
   * @param newTimestamp whether the packet's timestamp differs from the frame in progress (or no
   *     frame is in progress)
   */
  protected abstract boolean parse(RtpPacket packet, boolean newTimestamp)
      throws MalformedPacketException;

  /** Resets per-frame codec state; {@link #buffer} is already cleared. */
  protected abstract void beginFrame();

  /** Appends the payload of the packet just {@link #parse parsed} to the frame in progress. */
  protected abstract void append(RtpPacket packet) throws MalformedPacketException;

  /**
   * Builds the frame from {@link #buffer}, checking codec-level completeness; returns null when
   * the unit carries nothing to decode (e.g. H.264 parameter sets alone), which is not a drop.
   *
   * @throws MalformedPacketException when the assembled frame is not a whole frame
   */
  protected abstract Frame build(long timestamp, int firstSequence, int lastSequence, long arrival)
      throws MalformedPacketException;

  /** Whether the frame in progress is known complete without its marker; used by flush. */
  protected boolean provablyComplete() {
    return false;
  }

  /** Forgets codec state kept across frames (called by {@link #reset()}). */
  protected void resetCodec() {}

  @Override
  public final void push(RtpPacket packet, long arrivalMicros, List<Frame> out)
      throws MalformedPacketException {
    int seq = packet.sequenceNumber();
    if (lastSequence >= 0) {
      int delta = (seq - lastSequence) & 0xffff;
      if (delta == 0 || delta >= 0x8000) {
        drops.count(prefix + ".duplicate");
        return;
      }
      if (delta != 1) {
        drops.count(prefix + ".gap");
        damaged |= inFrame;
        needKeyframe = true;
      }
    }
    lastSequence = seq;
    if (packet.payloadLength() == 0) {
      return; // padding-only (bandwidth probing): takes a sequence number, carries no media
    }
    boolean newTimestamp = !inFrame || packet.timestamp() != frameTimestamp;
    boolean starts;
    try {
      starts = parse(packet, newTimestamp);
    } catch (MalformedPacketException e) {
      damaged |= inFrame; // the bad packet is as good as lost
      needKeyframe = true;
      throw e;
    }
    if (inFrame && (starts || newTimestamp)) {
      finish(out); // the sender left out the marker; the frame start proves the last one ended
    }
    if (!inFrame) {
      if (!starts) {
        drops.count(prefix + ".no_frame_start");
        needKeyframe = true;
        return;
      }
      inFrame = true;
      damaged = false;
      frameTimestamp = packet.timestamp();
      frameFirstSequence = seq;
      frameArrival = arrivalMicros;
      buffer.clear();
      beginFrame();
    }
    frameLastSequence = seq;
    if (damaged) { // assembling a frame that will be dropped would only report loss as malformation
      if (packet.marker()) {
        finish(out);
      }
      return;
    }
    try {
      append(packet);
    } catch (MalformedPacketException e) {
      damaged = true;
      needKeyframe = true;
      throw e;
    }
    if (packet.marker()) {
      finish(out);
    }
  }

  @Override
  public final void flush(List<Frame> out) {
    if (inFrame && !damaged && provablyComplete()) {
      finish(out);
    } else if (inFrame) {
      inFrame = false;
      drops.count(prefix + ".frame_unterminated");
      needKeyframe = true;
    }
  }

  @Override
  public final void reset() {
    inFrame = false;
    damaged = false;
    lastSequence = -1;
    needKeyframe = true;
    buffer.clear();
    resetCodec();
  }

  @Override
  public final boolean needsKeyframe() {
    return needKeyframe;
  }

  @Override
  public final DropCounters drops() {
    return drops;
  }

  @Override
  public final String codec() {
    return codec;
  }

  private void finish(List<Frame> out) {
    inFrame = false;
    if (damaged) {
      drops.count(prefix + ".frame_incomplete");
      needKeyframe = true;
      return;
    }
    Frame frame;
    try {
      frame = build(frameTimestamp, frameFirstSequence, frameLastSequence, frameArrival);
    } catch (MalformedPacketException e) {
      drops.count(e);
      needKeyframe = true;
      return;
    }
    if (frame == null) {
      return;
    }
    if (needKeyframe && !frame.keyframe()) {
      drops.count(prefix + ".awaiting_keyframe");
      return;
    }
    if (frame.keyframe()) {
      needKeyframe = false;
    }
    out.add(frame);
  }
}
