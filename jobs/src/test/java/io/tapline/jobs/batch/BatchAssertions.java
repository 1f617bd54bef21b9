package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.Segment;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.index.Track;
import io.tapline.storage.object.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a finalized recording must look like, checked through storage and the index. */
final class BatchAssertions {
  private BatchAssertions() {}

  /**
   * Asserts the recording is AVAILABLE with every segment, track file and composition stored
   * once, indexed once, with the SHA-256 of what storage returns.
   *
   * @return every object under the recording's prefix, by key (for later comparisons)
   */
  static Map<String, ObjectInfo> assertFinalized(BatchWorker w, Manifest m,
      int compositions) throws Exception {
    String rec = m.recordingId();
    String conv = m.conversationId();
    assertEquals(RecordingStatus.AVAILABLE, w.index.recordings().get(rec).status());
    assertEquals(KeyLayout.manifest(conv, rec), w.index.recordings().get(rec).manifestKey());
    int segments = m.tracks().stream().mapToInt(t -> t.segments().size()).sum();
    List<Segment> rows = w.index.recordings().segments(rec);
    assertEquals(segments, rows.size(), "one row per segment");
    for (Segment s : rows) {
      assertEquals(KeyLayout.segment(conv, rec, s.trackId(), s.index()), s.object().key());
      assertStoredWithChecksum(w, s.object());
    }
    List<Track> tracks = w.index.recordings().tracks(rec);
    assertEquals(m.tracks().stream().map(ManifestTrack::trackId).sorted().toList(),
        tracks.stream().map(Track::id).toList());
    for (Track t : tracks) {
      assertTrue(t.file() != null, "track " + t.id() + " has its exported file");
      assertEquals(KeyLayout.track(conv, rec, t.id(), t.kind().name().equals("AUDIO") ? "ogg"
          : "webm"), t.file().key());
      assertStoredWithChecksum(w, t.file());
    }
    List<Composition> comps = w.index.recordings().compositions(rec);
    assertEquals(compositions, comps.size(), "one row per composition");
    for (Composition c : comps) {
      assertEquals(CompositionStatus.AVAILABLE, c.status());
      assertStoredWithChecksum(w, c.object());
    }
    Map<String, ObjectInfo> stored = objects(w, conv, rec);
    // segments + manifest + one file per track + compositions, nothing else
    assertEquals(segments + 1 + tracks.size() + compositions, stored.size(),
        "objects stored: " + stored.keySet());
    return stored;
  }

  static Map<String, ObjectInfo> objects(BatchWorker w, String conv, String rec) {
    return w.objects.list(KeyLayout.recording(conv, rec)).stream()
        .collect(Collectors.toMap(ObjectInfo::key, o -> o, (a, b) -> a, TreeMap::new));
  }

  static void assertStoredWithChecksum(BatchWorker w, StoredRef ref) throws IOException {
    try (InputStream in = w.content.open(ref.key())) {
      byte[] bytes = in.readAllBytes();
      assertEquals(ref.size(), bytes.length, "size of " + ref.key());
      assertEquals(ref.sha256(), sha256(bytes), "sha256 of " + ref.key());
    }
  }

  static Path download(BatchWorker w, String key, Path to) throws IOException {
    try (InputStream in = w.content.open(key)) {
      Files.copy(in, to);
    }
    return to;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Webhook deliveries queued per event type. */
  static Map<String, Integer> deliveries(BatchWorker w) throws SQLException {
    Map<String, Integer> out = new TreeMap<>();
    try (Connection c = w.index.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT event_type, COUNT(*) FROM webhook_delivery GROUP BY event_type");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  /** Rows of a table about one recording (duplicates would show here). */
  static int rows(BatchWorker w, String table, String recordingId) throws SQLException {
    String column = table.equals("recording") ? "id" : "recording_id";
    try (Connection c = w.index.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
