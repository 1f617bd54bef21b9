package io.tapline.compositor.codec;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import io.tapline.pipeline.codec.Depacketizer;
import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.codec.Frame;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the pictures of a video track with the pipeline's depacketizer for its codec, the one
 * the SFU uses: frame assembly, keyframe detection and loss handling (a frame missing a packet is
 * dropped, then everything until the next keyframe) are shared. Only timestamp extension and the
 * translation of the depacketizer's drop counters into the compositor's skip reasons happen here.
 */
final class DepacketizedVideo {
  private DepacketizedVideo() {}

  static List<EncodedFrame> assemble(String codec, String trackId, List<OrderedPacket> packets, SkipLog skips) {
    Depacketizer depacketizer = Depacketizers.create(codec);
    Drops drops = new Drops(depacketizer.codec().toLowerCase(java.util.Locale.ROOT));
    List<EncodedFrame> out = new ArrayList<>();
    List<Frame> done = new ArrayList<>();
    long lastExtended = Long.MIN_VALUE;
    for (OrderedPacket p : packets) {
      lastExtended = p.timestamp();
      try {
        depacketizer.push(p.packet(), p.arrivalMicros(), done);
      } catch (MalformedPacketException e) {
        drops.other.merge(e.reason(), 1L, Long::sum);
      }
      drops.collect(depacketizer.drops(), !out.isEmpty() || !done.isEmpty());
      drain(done, lastExtended, out);
    }
    depacketizer.flush(done);
    drops.collect(depacketizer.drops(), true);
    drain(done, lastExtended, out);
    drops.report(trackId, codec, skips);
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

  /** The depacketizer's counters in the compositor's words, split where the compositor says more. */
  private static final class Drops {
    private final String prefix;
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Long> other = new HashMap<>();
    private long seenTotal;
    private long beforeFirstKeyframe;
    private long afterLoss;
    private long incomplete;

    Drops(String prefix) {
      this.prefix = prefix;
    }

    /** Takes the counts added since the last call; {@code started}: a frame has been let through. */
    void collect(DropCounters counters, boolean started) {
      if (counters.total() == seenTotal) {
        return;
      }
      seenTotal = counters.total();
      counters.snapshot().forEach((reason, n) -> {
        long added = n - seen.getOrDefault(reason, 0L);
        seen.put(reason, n);
        if (added == 0) {
          return;
        }
        String why = reason.startsWith(prefix + ".") ? reason.substring(prefix.length() + 1) : reason;
        switch (why) {
          case "awaiting_keyframe" -> {
            if (started) {
              afterLoss += added;
            } else {
              beforeFirstKeyframe += added;
            }
          }
          case "frame_incomplete", "frame_unterminated", "no_frame_start" -> incomplete += added;
          // loss shows as its consequences above; duplicates are counted by the track reader
          case "gap", "duplicate" -> { }
          default -> other.merge(reason, added, Long::sum);
        }
      });
    }

    void report(String trackId, String codec, SkipLog skips) {
      skips.add(trackId, "video.before_first_keyframe", beforeFirstKeyframe, "pictures before the first keyframe");
      skips.add(trackId, "video.incomplete_picture", incomplete, "pictures with lost packets");
      skips.add(trackId, "video.until_keyframe_after_loss", afterLoss, "pictures referencing lost data (frozen)");
      other.forEach((reason, n) -> skips.add(trackId, reason, n, "malformed " + codec + " picture: dropped"));
    }
  }
}
