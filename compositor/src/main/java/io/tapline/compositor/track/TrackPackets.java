package io.tapline.compositor.track;

import io.tapline.pipeline.manifest.ManifestTrack;
import java.util.List;

/**
 * Every readable media packet of a track in sequence-number order (duplicates removed), and its
 * sender reports with timestamps extended into the same 64-bit space as the packets.
 *
 * @param reports sender reports, {@link SenderReport#rtpTimestamp()} extended
 */
public record TrackPackets(ManifestTrack track, List<OrderedPacket> packets, List<SenderReport> reports) {
  public TrackPackets {
    packets = List.copyOf(packets);
    reports = List.copyOf(reports);
  }

  public boolean isEmpty() {
    return packets.isEmpty();
  }
}
