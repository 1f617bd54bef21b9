package io.tapline.sfu.media;

import java.util.List;
import java.util.Objects;

/**
 * The RTP streams of one simulcast track (RFC 8853): the section's mid and its layers' rids from
 * the answer's {@code a=simulcast:recv}, lowest quality first (the order Tapline's client library
 * announces: q, h, f). The publisher's SSRCs are learned from the rid header extension (RFC 8852).
 */
public record SimulcastStreams(String mid, List<String> rids) {
  /** Layer keys are packed in two bits ({@code forward.SimulcastLayers}). */
  public static final int MAX_LAYERS = 4;

  public SimulcastStreams {
    Objects.requireNonNull(mid, "mid");
    rids = List.copyOf(rids);
    if (rids.isEmpty() || rids.size() > MAX_LAYERS) {
      throw new IllegalArgumentException("a simulcast track has 1 to " + MAX_LAYERS + " layers, not " + rids.size());
    }
  }
}
