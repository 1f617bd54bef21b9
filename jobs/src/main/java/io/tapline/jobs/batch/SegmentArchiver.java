package io.tapline.jobs.batch;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.Segment;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.index.Track;
import io.tapline.storage.index.TrackKind;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.StoredContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a recording's segments and manifest and indexes them: the recording row (PROCESSING),
 * one row per track and per segment. A segment whose row exists and whose object has the indexed
 * size is not sent again; every key is derived from (conversation, recording, track, index) and
 * every row is an upsert on its natural key, so running this again after a crash leaves no
 * duplicate object or row.
 */
public final class SegmentArchiver {
  private static final Logger log = LoggerFactory.getLogger(SegmentArchiver.class);
  static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;
  static final String UNKNOWN_PARTICIPANT = "unknown";

  private final ContentStore content;
  private final RecordingRepository recordings;
  private final Clock clock;

  public SegmentArchiver(ContentStore content, RecordingRepository recordings, Clock clock) {
    this.content = content;
    this.recordings = recordings;
    this.clock = clock;
  }

  /** What a run did. */
  public record Report(int uploaded, int alreadyStored, long bytesUploaded) {}

  public Report archive(RecordingDirectory dir) throws IOException {
    Manifest m = dir.readManifest();
    List<ManifestEvent> events = Files.exists(dir.eventsFile()) ? dir.readEvents() : List.of();
    String conv = m.conversationId();
    String rec = m.recordingId();
    Recording existing = recordings.find(rec).orElse(null);
    Instant retainUntil = existing == null ? null : existing.retainUntil();
    recordings.save(row(m, events, existing == null ? null : existing.manifestKey(),
        retainUntil), clock.instant());
    recordPauses(rec, events);
    Map<String, Map<Integer, StoredRef>> indexed = new HashMap<>();
    for (Segment s : recordings.segments(rec)) {
      indexed.computeIfAbsent(s.trackId(), k -> new HashMap<>()).put(s.index(), s.object());
    }
    Map<String, Track> tracks = new HashMap<>();
    recordings.tracks(rec).forEach(t -> tracks.put(t.id(), t));
    int uploaded = 0;
    int skipped = 0;
    long bytes = 0;
    for (ManifestTrack t : m.tracks()) {
      Track old = tracks.get(t.trackId());
      recordings.saveTrack(new Track(rec, t.trackId(),
          t.participantId() == null ? UNKNOWN_PARTICIPANT : t.participantId(), kind(t), t.codec(),
          old == null ? null : old.file()));
      for (SegmentEntry e : t.segments()) {
        String key = KeyLayout.segment(conv, rec, t.trackId(), e.index());
        StoredRef ref = indexed.getOrDefault(t.trackId(), Map.of()).get(e.index());
        if (ref != null && ref.key().equals(key) && isStored(ref)) {
          skipped++;
          continue;
        }
        var file = dir.resolve(e);
        if (!Files.isRegularFile(file)) {
          throw new IOException("segment " + e.file() + " is neither stored nor on this worker");
        }
        StoredContent stored = content.putFile(key, file, "application/octet-stream");
        recordings.saveSegment(new Segment(rec, t.trackId(), e.index(), StoredRef.of(stored),
            Instant.ofEpochSecond(0, e.firstArrivalMicros() * 1000),
            (e.lastArrivalMicros() - e.firstArrivalMicros()) / 1000), clock.instant());
        uploaded++;
        bytes += stored.size();
      }
    }
    String manifestKey = KeyLayout.manifest(conv, rec);
    byte[] manifest = new StoredManifest(m, events).encode();
    content.putStream(manifestKey, new ByteArrayInputStream(manifest), "application/json",
        MAX_MANIFEST_BYTES);
    recordings.save(row(m, events, manifestKey, retainUntil), clock.instant());
    log.info("recording {}: {} segments uploaded ({} bytes), {} already stored", rec, uploaded,
        bytes, skipped);
    return new Report(uploaded, skipped, bytes);
  }

  private boolean isStored(StoredRef ref) {
    return content.objects().head(ref.key()).map(o -> o.size() == ref.storedSize())
        .orElse(false);
  }

  private void recordPauses(String rec, List<ManifestEvent> events) {
    for (ManifestEvent e : events) {
      if (e.type() == EventType.RECORDING_PAUSED) {
        recordings.pause(rec, micros(e.timeMicros()));
      } else if (e.type() == EventType.RECORDING_RESUMED) {
        recordings.resume(rec, micros(e.timeMicros()));
      }
    }
  }

  /** The recording row from its manifest, keeping the retention the app may have set. */
  static Recording row(Manifest m, List<ManifestEvent> events, String manifestKey,
      Instant retainUntil) {
    long start = m.startedMicros();
    long stop = m.stoppedMicros() != null ? m.stoppedMicros() : lastArrival(m, start);
    return new Recording(m.recordingId(), m.conversationId(), RecordingStatus.PROCESSING,
        micros(start), micros(stop), (stop - start - pausedMicros(events, stop)) / 1000,
        manifestKey, retainUntil);
  }

  /** Time spent paused, from the event log; a pause never resumed lasts until {@code stop}. */
  static long pausedMicros(List<ManifestEvent> events, long stop) {
    long paused = 0;
    Long since = null;
    for (ManifestEvent e : events) {
      if (e.type() == EventType.RECORDING_PAUSED && since == null) {
        since = e.timeMicros();
      } else if (e.type() == EventType.RECORDING_RESUMED && since != null) {
        paused += Math.max(0, e.timeMicros() - since);
        since = null;
      }
    }
    if (since != null) {
      paused += Math.max(0, stop - since);
    }
    return paused;
  }

  private static long lastArrival(Manifest m, long start) {
    long last = start;
    for (ManifestTrack t : m.tracks()) {
      for (SegmentEntry e : t.segments()) {
        last = Math.max(last, e.lastArrivalMicros());
      }
    }
    return last;
  }

  static TrackKind kind(ManifestTrack t) {
    if (!t.isVideo()) {
      return TrackKind.AUDIO;
    }
    return "screen".equals(t.source()) ? TrackKind.SCREEN : TrackKind.VIDEO;
  }

  private static Instant micros(long epochMicros) {
    return Instant.ofEpochSecond(0, epochMicros * 1000);
  }
}
