package io.tapline.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The description of a recording (docs/segment-format.md, "Manifest"): its tracks with their
 * segments and sender reports. Events live beside it in an append-only log ({@link EventLog}) so
 * that an event is durable the moment it happens; the manifest itself is rewritten atomically each
 * time a segment closes.
 *
 * @param version format version, {@link #VERSION}
 * @param recordingId the recording
 * @param conversationId the conversation recorded
 * @param startedMicros when recording started, epoch microseconds
 * @param stoppedMicros when it stopped, null while it runs (or after a crash)
 * @param tracks every track recorded, in the order they appeared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int version, String recordingId, String conversationId, long startedMicros, Long stoppedMicros, List<ManifestTrack> tracks) {
  public static final int VERSION = 1;

  public Manifest {
    Objects.requireNonNull(recordingId, "recordingId");
    tracks = tracks == null ? List.of() : List.copyOf(tracks);
  }

  public static Manifest start(String recordingId, String conversationId, long startedMicros) {
    return new Manifest(VERSION, recordingId, conversationId, startedMicros, null, List.of());
  }

  public Optional<ManifestTrack> track(String trackId) {
    return tracks.stream().filter(t -> t.trackId().equals(trackId)).findFirst();
  }

  /** This manifest with {@code track} added, or replacing the track of the same id. */
  public Manifest withTrack(ManifestTrack track) {
    List<ManifestTrack> t = new ArrayList<>(tracks);
    int i = indexOf(track.trackId());
    if (i >= 0) {
      t.set(i, track);
    } else {
      t.add(track);
    }
    return new Manifest(version, recordingId, conversationId, startedMicros, stoppedMicros, t);
  }

  public Manifest stopped(long micros) {
    return new Manifest(version, recordingId, conversationId, startedMicros, micros, tracks);
  }

  private int indexOf(String trackId) {
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.get(i).trackId().equals(trackId)) {
        return i;
      }
    }
    return -1;
  }
}
