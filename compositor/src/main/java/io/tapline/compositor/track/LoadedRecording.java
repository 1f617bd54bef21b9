package io.tapline.compositor.track;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.codec.RtpCodec;
import io.tapline.compositor.codec.RtpCodecs;
import io.tapline.compositor.timeline.RecordingTimeline;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A recording read from disk: manifest, events, the tracks the compositor can use (frames and
 * clocks) and the output timeline. Tracks it cannot use are listed in {@link #skips()}.
 */
public final class LoadedRecording {
  private final Manifest manifest;
  private final List<ManifestEvent> events;
  private final List<LoadedTrack> tracks;
  private final RecordingTimeline timeline;
  private final SkipLog skips;

  private LoadedRecording(Manifest manifest, List<ManifestEvent> events, List<LoadedTrack> tracks,
      RecordingTimeline timeline, SkipLog skips) {
    this.manifest = manifest;
    this.events = events;
    this.tracks = tracks;
    this.timeline = timeline;
    this.skips = skips;
  }

  /** Loads every track of {@code dir}. */
  public static LoadedRecording load(RecordingDirectory dir) throws IOException {
    return load(dir, t -> true);
  }

  /** Loads the tracks accepted by {@code which} (clock offsets still use all of a participant's tracks). */
  public static LoadedRecording load(RecordingDirectory dir, Predicate<ManifestTrack> which) throws IOException {
    Manifest manifest = dir.readManifest();
    SkipLog skips = new SkipLog();
    EventLog.Contents ev = EventLog.read(dir.eventsFile());
    skips.add(null, "events.damaged_line", ev.damagedLines(), "unreadable event log lines");
    TrackReader reader = new TrackReader(dir);
    List<ManifestTrack> wanted = manifest.tracks().stream().filter(which).toList();
    List<TrackPackets> read = new ArrayList<>();
    List<RtpCodec> codecs = new ArrayList<>();
    for (ManifestTrack t : manifest.tracks()) {
      boolean isWanted = wanted.contains(t);
      boolean sameParticipant = wanted.stream().anyMatch(w -> w.participantId() != null && w.participantId().equals(t.participantId()));
      if (!isWanted && !sameParticipant) {
        continue;
      }
      Optional<RtpCodec> codec = RtpCodecs.forName(t.codec());
      if (codec.isEmpty()) {
        if (isWanted) {
          skips.add(t.trackId(), "codec.unsupported", 1, "codec " + t.codec() + " is not supported: track left out");
        }
        continue;
      }
      TrackPackets p = reader.read(t, isWanted ? skips : new SkipLog());
      read.add(p);
      codecs.add(isWanted ? codec.get() : null);
    }
    List<TrackClock> clocks = TrackClocks.build(read);
    List<LoadedTrack> tracks = new ArrayList<>();
    long lastWall = manifest.startedMicros();
    for (int i = 0; i < read.size(); i++) {
      TrackPackets p = read.get(i);
      RtpCodec codec = codecs.get(i);
      if (codec == null) {
        continue;
      }
      String id = p.track().trackId();
      if (p.isEmpty()) {
        skips.add(id, "track.no_packets", 1, "no readable media packet: track left out");
        continue;
      }
      List<EncodedFrame> frames = codec.assemble(id, p.packets(), skips);
      if (frames.isEmpty()) {
        skips.add(id, codec.isVideo() ? "video.no_keyframe" : "track.no_frames", 1,
            "no decodable frame: track shown as a placeholder or left out");
        continue;
      }
      TrackClock clock = clocks.get(i);
      LoadedTrack lt = new LoadedTrack(p.track(), codec, frames, clock);
      tracks.add(lt);
      lastWall = Math.max(lastWall, lt.wallMicros(frames.get(frames.size() - 1)));
    }
    long end = manifest.stoppedMicros() != null ? manifest.stoppedMicros() : lastWall;
    RecordingTimeline timeline = RecordingTimeline.of(manifest.startedMicros(), end, ev.events());
    return new LoadedRecording(manifest, ev.events(), tracks, timeline, skips);
  }

  public Manifest manifest() {
    return manifest;
  }

  public List<ManifestEvent> events() {
    return events;
  }

  public List<LoadedTrack> tracks() {
    return tracks;
  }

  public Optional<LoadedTrack> track(String trackId) {
    return tracks.stream().filter(t -> t.id().equals(trackId)).findFirst();
  }

  public RecordingTimeline timeline() {
    return timeline;
  }

  public SkipLog skips() {
    return skips;
  }
}
