package io.tapline.storage.index;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recordings with their pauses, tracks, segments and compositions. Every write is an upsert on a
 * natural key (recording id; recording + track; recording + track + segment index; composition
 * id), so a job that restarts and writes the same rows again creates no duplicates.
 */
public final class RecordingRepository {
  private static final String REC = "r.id, r.conversation_id, r.status, r.started_at, "
      + "r.stopped_at, r.duration_ms, r.manifest_key, r.retain_until";
  private final Jdbc jdbc;

  RecordingRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void save(Recording r, Instant now) {
    KeyLayout.id(r.id());
    if (r.stoppedAt() != null && r.stoppedAt().isBefore(r.startedAt())) {
      throw StorageException.invalid("recording stops before it starts");
    }
    jdbc.upsert("UPDATE recording SET status = ?, started_at = ?, stopped_at = ?, "
            + "duration_ms = ?, manifest_key = ?, retain_until = ?, updated_at = ? "
            + "WHERE id = ? AND conversation_id = ?",
        new Object[] {r.status(), r.startedAt(), r.stoppedAt(), r.durationMs(), r.manifestKey(),
            r.retainUntil(), now, r.id(), r.conversationId()},
        "INSERT INTO recording (id, conversation_id, status, started_at, stopped_at, "
            + "duration_ms, manifest_key, retain_until, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {r.id(), r.conversationId(), r.status(), r.startedAt(), r.stoppedAt(),
            r.durationMs(), r.manifestKey(), r.retainUntil(), now, now});
  }

  public void changeStatus(String id, RecordingStatus status, Instant now) {
    if (jdbc.update("UPDATE recording SET status = ?, updated_at = ? WHERE id = ?", status, now,
        id) == 0) {
      throw new NotFoundException("no recording " + id);
    }
  }

  public void retainUntil(String id, Instant until) {
    if (jdbc.update("UPDATE recording SET retain_until = ? WHERE id = ?", until, id) == 0) {
      throw new NotFoundException("no recording " + id);
    }
  }

  public Optional<Recording> find(String id) {
    return jdbc.one("SELECT " + REC + " FROM recording r WHERE r.id = ?",
        RecordingRepository::map, id);
  }

  public Recording get(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("no recording " + id));
  }

  public boolean delete(String id) {
    return jdbc.update("DELETE FROM recording WHERE id = ?", id) > 0;
  }

  /** Recordings whose own retention has run out. */
  public List<Recording> expired(Instant now, int limit) {
    return jdbc.query("SELECT " + REC + " FROM recording r WHERE r.retain_until IS NOT NULL "
        + "AND r.retain_until <= ? ORDER BY r.retain_until, r.id LIMIT ?",
        RecordingRepository::map, now, limit);
  }

  /** Recordings matching {@code q}, newest first. */
  public Page<Recording> find(RecordingQuery q, PageRequest page) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.conversationId() != null) {
      where.append(" AND r.conversation_id = ?");
      args.add(q.conversationId());
    }
    if (q.participantId() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM track t WHERE t.recording_id = r.id "
          + "AND t.participant_id = ?)");
      args.add(q.participantId());
    }
    if (q.from() != null) {
      where.append(" AND r.started_at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      where.append(" AND r.started_at < ?");
      args.add(q.to());
    }
    if (q.status() != null) {
      where.append(" AND r.status = ?");
      args.add(q.status());
    }
    long total = jdbc.count("SELECT COUNT(*) FROM recording r" + where, args.toArray());
    args.add(page.limit());
    args.add(page.offset());
    return new Page<>(jdbc.query("SELECT " + REC + " FROM recording r" + where
        + " ORDER BY r.started_at DESC, r.id LIMIT ? OFFSET ?", RecordingRepository::map,
        args.toArray()), page, total);
  }

  /** Opens a pause; re-recording the same pause start is a no-op. */
  public void pause(String recordingId, Instant at) {
    jdbc.upsert("UPDATE recording_pause SET paused_at = paused_at WHERE recording_id = ? "
            + "AND paused_at = ?", new Object[] {recordingId, at},
        "INSERT INTO recording_pause (recording_id, paused_at) VALUES (?, ?)",
        new Object[] {recordingId, at});
  }

  /** Closes the open pause, if any. */
  public void resume(String recordingId, Instant at) {
    jdbc.update("UPDATE recording_pause SET resumed_at = ? WHERE recording_id = ? "
        + "AND resumed_at IS NULL AND paused_at <= ?", at, recordingId, at);
  }

  public List<Pause> pauses(String recordingId) {
    return jdbc.query("SELECT paused_at, resumed_at FROM recording_pause WHERE recording_id = ? "
        + "ORDER BY paused_at", rs -> new Pause(Jdbc.instant(rs, "paused_at"),
        Jdbc.instant(rs, "resumed_at")), recordingId);
  }

  public void saveTrack(Track t) {
    KeyLayout.id(t.id());
    StoredRef f = t.file();
    Object[] file = f == null ? new Object[] {null, null, null, null, null}
        : new Object[] {f.key(), f.size(), f.storedSize(), f.sha256(), f.keyId()};
    jdbc.upsert("UPDATE track SET participant_id = ?, kind = ?, codec = ?, object_key = ?, "
            + "size_bytes = ?, stored_size = ?, sha256 = ?, key_id = ? WHERE recording_id = ? "
            + "AND id = ?",
        concat(new Object[] {t.participantId(), t.kind(), t.codec()}, file,
            new Object[] {t.recordingId(), t.id()}),
        "INSERT INTO track (participant_id, kind, codec, object_key, size_bytes, stored_size, "
            + "sha256, key_id, recording_id, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        concat(new Object[] {t.participantId(), t.kind(), t.codec()}, file,
            new Object[] {t.recordingId(), t.id()}));
  }

  public List<Track> tracks(String recordingId) {
    return jdbc.query("SELECT recording_id, id, participant_id, kind, codec, object_key, "
        + "size_bytes, stored_size, sha256, key_id FROM track WHERE recording_id = ? ORDER BY id",
        rs -> new Track(rs.getString("recording_id"), rs.getString("id"),
            rs.getString("participant_id"), TrackKind.valueOf(rs.getString("kind")),
            rs.getString("codec"), ref(rs)), recordingId);
  }

  /** Records a stored segment; writing the same (recording, track, index) again updates it. */
  public void saveSegment(Segment s, Instant now) {
    if (s.index() < 0) {
      throw StorageException.invalid("segment index must be >= 0");
    }
    StoredRef o = s.object();
    jdbc.upsert("UPDATE segment SET object_key = ?, size_bytes = ?, stored_size = ?, sha256 = ?, "
            + "key_id = ?, started_at = ?, duration_ms = ? WHERE recording_id = ? "
            + "AND track_id = ? AND segment_index = ?",
        new Object[] {o.key(), o.size(), o.storedSize(), o.sha256(), o.keyId(), s.startedAt(),
            s.durationMs(), s.recordingId(), s.trackId(), s.index()},
        "INSERT INTO segment (object_key, size_bytes, stored_size, sha256, key_id, started_at, "
            + "duration_ms, recording_id, track_id, segment_index, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {o.key(), o.size(), o.storedSize(), o.sha256(), o.keyId(), s.startedAt(),
            s.durationMs(), s.recordingId(), s.trackId(), s.index(), now});
  }

  public List<Segment> segments(String recordingId) {
    return jdbc.query("SELECT recording_id, track_id, segment_index, object_key, size_bytes, "
        + "stored_size, sha256, key_id, started_at, duration_ms FROM segment "
        + "WHERE recording_id = ? ORDER BY track_id, segment_index",
        rs -> new Segment(rs.getString("recording_id"), rs.getString("track_id"),
            rs.getInt("segment_index"), ref(rs), Jdbc.instant(rs, "started_at"),
            Jdbc.longOrNull(rs, "duration_ms")), recordingId);
  }

  public void saveComposition(Composition c, Instant now) {
    KeyLayout.id(c.id());
    StoredRef o = c.object();
    Object[] obj = o == null ? new Object[] {null, null, null, null, null}
        : new Object[] {o.key(), o.size(), o.storedSize(), o.sha256(), o.keyId()};
    jdbc.upsert("UPDATE composition SET layout = ?, format = ?, status = ?, object_key = ?, "
            + "size_bytes = ?, stored_size = ?, sha256 = ?, key_id = ?, updated_at = ? "
            + "WHERE id = ? AND recording_id = ?",
        concat(new Object[] {c.layout(), c.format(), c.status()}, obj,
            new Object[] {now, c.id(), c.recordingId()}),
        "INSERT INTO composition (layout, format, status, object_key, size_bytes, stored_size, "
            + "sha256, key_id, updated_at, id, recording_id, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        concat(new Object[] {c.layout(), c.format(), c.status()}, obj,
            new Object[] {now, c.id(), c.recordingId(), now}));
  }

  public List<Composition> compositions(String recordingId) {
    return jdbc.query("SELECT id, recording_id, layout, format, status, object_key, size_bytes, "
        + "stored_size, sha256, key_id FROM composition WHERE recording_id = ? "
        + "ORDER BY created_at, id", rs -> new Composition(rs.getString("id"),
        rs.getString("recording_id"), rs.getString("layout"), rs.getString("format"),
        CompositionStatus.valueOf(rs.getString("status")), ref(rs)), recordingId);
  }

  /** Records a further file of a composition; writing the same (composition, name) updates it. */
  public void saveCompositionFile(CompositionFile f, Instant now) {
    KeyLayout.id(f.compositionId());
    StoredRef o = f.object();
    jdbc.upsert("UPDATE composition_file SET object_key = ?, size_bytes = ?, stored_size = ?, "
            + "sha256 = ?, key_id = ? WHERE composition_id = ? AND name = ?",
        new Object[] {o.key(), o.size(), o.storedSize(), o.sha256(), o.keyId(),
            f.compositionId(), f.name()},
        "INSERT INTO composition_file (object_key, size_bytes, stored_size, sha256, key_id, "
            + "composition_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {o.key(), o.size(), o.storedSize(), o.sha256(), o.keyId(),
            f.compositionId(), f.name(), now});
  }

  /** The further files of a composition, by name. */
  public List<CompositionFile> compositionFiles(String compositionId) {
    return jdbc.query("SELECT composition_id, name, object_key, size_bytes, stored_size, sha256, "
        + "key_id FROM composition_file WHERE composition_id = ? ORDER BY name",
        rs -> new CompositionFile(rs.getString("composition_id"), rs.getString("name"), ref(rs)),
        compositionId);
  }

  /** A composition by its id alone (ids are unique across recordings). */
  public Optional<Composition> composition(String compositionId) {
    return jdbc.one("SELECT id, recording_id, layout, format, status, object_key, size_bytes, "
        + "stored_size, sha256, key_id FROM composition WHERE id = ?", rs -> new Composition(
        rs.getString("id"), rs.getString("recording_id"), rs.getString("layout"),
        rs.getString("format"), CompositionStatus.valueOf(rs.getString("status")), ref(rs)),
        compositionId);
  }

  /** Every object key the index holds for a recording (manifest, segments, tracks, etc.). */
  public List<StoredRef> objects(String recordingId) {
    List<StoredRef> out = new ArrayList<>();
    segments(recordingId).forEach(s -> out.add(s.object()));
    tracks(recordingId).stream().filter(t -> t.file() != null).forEach(t -> out.add(t.file()));
    for (Composition c : compositions(recordingId)) {
      if (c.object() != null) {
        out.add(c.object());
      }
      compositionFiles(c.id()).forEach(f -> out.add(f.object()));
    }
    return out;
  }

  static StoredRef ref(ResultSet rs) throws SQLException {
    String key = rs.getString("object_key");
    if (key == null) {
      return null;
    }
    return new StoredRef(key, rs.getLong("size_bytes"), rs.getLong("stored_size"),
        rs.getString("sha256"), rs.getString("key_id"));
  }

  private static Recording map(ResultSet rs) throws SQLException {
    return new Recording(rs.getString("id"), rs.getString("conversation_id"),
        RecordingStatus.valueOf(rs.getString("status")), Jdbc.instant(rs, "started_at"),
        Jdbc.instant(rs, "stopped_at"), Jdbc.longOrNull(rs, "duration_ms"),
        rs.getString("manifest_key"), Jdbc.instant(rs, "retain_until"));
  }

  private static Object[] concat(Object[]... parts) {
    List<Object> l = new ArrayList<>();
    for (Object[] p : parts) {
      l.addAll(java.util.Arrays.asList(p));
    }
    return l.toArray();
  }
}
