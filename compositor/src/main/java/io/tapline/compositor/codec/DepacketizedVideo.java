package io.tapline.compositor.codec;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import io.tapline.pipeline.codec.Depacketizer;
import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.codec.Frame;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the pictures of a video track with the pipeline's depacketizer for its codec, the one
 * the SFU uses: frame assembly, keyframe detection and loss handling (a frame missing a packet is
 * dropped, then everything until the next keyframe) are shared. Only timestamp extension and the
 * mapping of drop counters to skips happen here.
 */
final class DepacketizedVideo {
  private DepacketizedVideo() {}

  static List<EncodedFrame> assemble(String codec, String trackId, List<OrderedPacket> packets, SkipLog skips) {
    Depacketizer depacketizer = Depacketizers.create(codec);
    DropCounters malformed = new DropCounters();
    List<EncodedFrame> out = new ArrayList<>();
    List<Frame> done = new ArrayList<>();
    long lastExtended = Long.MIN_VALUE;
    for (OrderedPacket p : packets) {
      lastExtended = p.timestamp();
      try {
        depacketizer.push(p.packet(), p.arrivalMicros(), done);
      } catch (MalformedPacketException e) {
        malformed.count(e);
      }
      drain(done, lastExtended, out);
    }
    depacketizer.flush(done);
    drain(done, lastExtended, out);
    depacketizer.drops().snapshot().forEach((reason, n) ->
        skips.add(trackId, reason, n, "dropped by the " + codec + " depacketizer (frozen picture until the next keyframe)"));
    malformed.snapshot().forEach((reason, n) ->
        skips.add(trackId, reason, n, "malformed " + codec + " payload: its frame dropped"));
    return out;
  }

  /** Moves finished frames to {@code out} with their timestamps extended next to {@code reference}. */
  private static void drain(List<Frame> done, long reference, List<EncodedFrame> out) {
    for (Frame f : done) {
      // a frame's 32-bit timestamp is within 2^31 ticks of the packet that completed it
      long ts = reference + (int) (f.rtpTimestamp() - reference);
      out.add(new EncodedFrame(ts, f.arrivalMicros(), f.data(), f.keyframe(), f.width(), f.height()));
    }
    done.clear();
  }
}
