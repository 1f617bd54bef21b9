package io.tapline.compositor.timeline;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** When each track was muted, from TRACK_MUTED / TRACK_UNMUTED events. Pure. */
public final class MuteIntervals {
  private final Map<String, List<long[]>> byTrack = new HashMap<>();

  public MuteIntervals(List<ManifestEvent> events) {
    Map<String, Long> open = new HashMap<>();
    for (ManifestEvent e : events.stream().sorted(Comparator.comparingLong(ManifestEvent::timeMicros)).toList()) {
      if (e.trackId() == null) {
        continue;
      }
      if (e.type() == EventType.TRACK_MUTED) {
        open.putIfAbsent(e.trackId(), e.timeMicros());
      } else if (e.type() == EventType.TRACK_UNMUTED && open.containsKey(e.trackId())) {
        byTrack.computeIfAbsent(e.trackId(), k -> new ArrayList<>()).add(new long[] {open.remove(e.trackId()),
            e.timeMicros()});
      }
    }
    open.forEach((track, from) -> byTrack.computeIfAbsent(track, k -> new ArrayList<>()).add(new long[] {from,
        Long.MAX_VALUE}));
  }

  public boolean isMuted(String trackId, long wallMicros) {
    for (long[] i : byTrack.getOrDefault(trackId, List.of())) {
      if (wallMicros >= i[0] && wallMicros < i[1]) {
        return true;
      }
    }
    return false;
  }
}
