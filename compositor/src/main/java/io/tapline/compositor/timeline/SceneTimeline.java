package io.tapline.compositor.timeline;

import io.tapline.compositor.layout.Tile;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scene over wall-clock time, following the event log: joins and leaves, camera mutes, screen
 * shares and active-speaker changes. A change is shown no sooner than {@code dwellMicros} after
 * the previous one (then with whatever is true at that moment), so the layout never flickers.
 * Participants and screen tracks without events are shown while they have media. Pure.
 */
public final class SceneTimeline {
  private final long[] times;
  private final List<Scene> scenes;

  private SceneTimeline(long[] times, List<Scene> scenes) {
    this.times = times;
    this.scenes = scenes;
  }

  public static SceneTimeline build(long startMicros, long endMicros, List<TrackInfo> tracks,
      List<ManifestEvent> events, long dwellMicros) {
    List<ManifestEvent> sorted = events.stream()
        .sorted(Comparator.comparingLong(ManifestEvent::timeMicros).thenComparingLong(ManifestEvent::seq)).toList();
    Raw raw = new Raw(tracks, sorted, startMicros);
    TreeSet<Long> changes = new TreeSet<>();
    for (ManifestEvent e : sorted) {
      if (e.timeMicros() > startMicros && e.timeMicros() < endMicros) {
        changes.add(e.timeMicros());
      }
    }
    for (TrackInfo t : tracks) {
      for (long w : new long[] {t.firstWallMicros(), t.lastWallMicros() + 1}) {
        if (w > startMicros && w < endMicros) {
          changes.add(w);
        }
      }
    }
    List<Long> at = new ArrayList<>();
    List<Scene> scenes = new ArrayList<>();
    at.add(startMicros);
    scenes.add(raw.at(startMicros));
    for (long t : changes) {
      long effective = Math.max(t, at.get(at.size() - 1) + dwellMicros);
      if (effective <= at.get(at.size() - 1) || effective >= endMicros) {
        continue;
      }
      Scene s = raw.at(effective);
      if (!s.equals(scenes.get(scenes.size() - 1))) {
        at.add(effective);
        scenes.add(s);
      }
    }
    long[] times = at.stream().mapToLong(Long::longValue).toArray();
    return new SceneTimeline(times, scenes);
  }

  /** The scene shown at a wall-clock time. */
  public Scene at(long wallMicros) {
    int lo = 0;
    int hi = times.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (times[mid] <= wallMicros) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return scenes.get(lo);
  }

  /** Wall times where the scene changes (the first is the start). */
  public long[] changeTimes() {
    return times.clone();
  }

  /** The scene without dwell: straight from the events. */
  private static final class Raw {
    private final List<TrackInfo> tracks;
    private final List<ManifestEvent> events;
    private final long start;
    private final Set<String> withJoinEvents = new HashSet<>();
    private final Set<String> screensWithEvents = new HashSet<>();

    Raw(List<TrackInfo> tracks, List<ManifestEvent> events, long start) {
      this.tracks = tracks;
      this.events = events;
      this.start = start;
      for (ManifestEvent e : events) {
        if (e.type() == EventType.PARTICIPANT_JOINED && e.participantId() != null) {
          withJoinEvents.add(e.participantId());
        }
        if ((e.type() == EventType.SCREEN_SHARE_STARTED || e.type() == EventType.SCREEN_SHARE_STOPPED)
            && e.trackId() != null) {
          screensWithEvents.add(e.trackId());
        }
      }
    }

    Scene at(long t) {
      Map<String, Long> joined = new LinkedHashMap<>();
      Map<String, String> names = new HashMap<>();
      Set<String> mutedTracks = new HashSet<>();
      Map<String, Long> sharing = new LinkedHashMap<>();
      String speaker = null;
      for (TrackInfo tr : tracks) {
        names.putIfAbsent(tr.participantId(), tr.participantName());
        // without join events, a participant is there while any of its tracks has media
        if (!withJoinEvents.contains(tr.participantId()) && tr.firstWallMicros() <= t && t <= tr.lastWallMicros()) {
          joined.merge(tr.participantId(), tr.firstWallMicros(), Math::min);
        }
        if (tr.screen() && !screensWithEvents.contains(tr.trackId()) && tr.firstWallMicros() <= t
            && t <= tr.lastWallMicros()) {
          sharing.put(tr.trackId(), tr.firstWallMicros());
        }
      }
      for (ManifestEvent e : events) {
        if (e.timeMicros() > t) {
          break;
        }
        String p = e.participantId();
        switch (e.type()) {
          case PARTICIPANT_JOINED -> {
            if (p != null) {
              joined.putIfAbsent(p, e.timeMicros());
              if (e.attribute("name") != null) {
                names.put(p, e.attribute("name"));
              }
            }
          }
          case PARTICIPANT_LEFT -> {
            if (p != null) {
              joined.remove(p);
              tracks.stream().filter(tr -> p.equals(tr.participantId())).forEach(tr -> sharing.remove(tr.trackId()));
            }
          }
          case TRACK_MUTED -> mutedTracks.add(e.trackId());
          case TRACK_UNMUTED -> mutedTracks.remove(e.trackId());
          case SCREEN_SHARE_STARTED -> {
            if (e.trackId() != null) {
              sharing.putIfAbsent(e.trackId(), e.timeMicros());
            }
          }
          case SCREEN_SHARE_STOPPED -> sharing.remove(e.trackId());
          case ACTIVE_SPEAKER_CHANGED -> speaker = p;
          default -> { }
        }
      }
      List<Map.Entry<String, Long>> order = new ArrayList<>(joined.entrySet());
      order.sort(Map.Entry.comparingByValue());
      List<Tile> tiles = new ArrayList<>();
      for (var entry : order) {
        String p = entry.getKey();
        TrackInfo cam = tracks.stream()
            .filter(tr -> p.equals(tr.participantId()) && tr.video() && !tr.screen())
            .findFirst().orElse(null);
        String video = cam != null && cam.decodable() && !mutedTracks.contains(cam.trackId()) ? cam.trackId() : null;
        tiles.add(new Tile(p, names.getOrDefault(p, p), video, false));
      }
      for (String trackId : sharing.keySet()) {
        TrackInfo tr = tracks.stream().filter(x -> x.trackId().equals(trackId)).findFirst().orElse(null);
        if (tr != null && tr.decodable()) {
          tiles.add(new Tile(tr.participantId(), names.getOrDefault(tr.participantId(), tr.participantId()), trackId,
              true));
        }
      }
      if (speaker != null && !joined.containsKey(speaker)) {
        speaker = null;
      }
      return new Scene(tiles, speaker);
    }
  }
}
