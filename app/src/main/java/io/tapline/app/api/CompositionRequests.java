package io.tapline.app.api;

import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.batch.CompositionRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Compositions asked for over REST ({@code app_composition_request}, Flyway location db/app). */
public final class CompositionRequests {
  private static final String COLUMNS = "composition_id, recording_id, application, layout, format, width, height, "
      + "fps, participant_id, template, created_at";

  /** One request: the composition id is derived from it, so asking twice is one row. */
  public record Stored(String compositionId, String recordingId, String application, CompositionRequest request,
      Instant createdAt) {}

  private final DataSource ds;

  public CompositionRequests(DataSource ds) {
    this.ds = ds;
  }

  /** Records a request unless the same composition was asked for before; returns the stored one. */
  public Stored save(String recordingId, String application, CompositionRequest r, Instant now) {
    String id = r.compositionId(recordingId);
    Optional<Stored> old = find(id);
    if (old.isPresent()) {
      return old.get();
    }
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO app_composition_request (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, recordingId);
      s.setString(3, application);
      s.setString(4, r.layout().name());
      s.setString(5, r.format().name());
      s.setInt(6, r.width());
      s.setInt(7, r.height());
      s.setInt(8, r.fps());
      s.setString(9, r.participantId());
      s.setString(10, r.templateJson());
      s.setTimestamp(11, Timestamp.from(now));
      s.executeUpdate();
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
        throw new IllegalStateException("index database: could not store composition request " + id, e);
      }
      // Asked twice at once: the other request stored it.
    }
    return find(id).orElseThrow();
  }

  public Optional<Stored> find(String compositionId) {
    List<Stored> l = query("SELECT " + COLUMNS + " FROM app_composition_request WHERE composition_id = ?",
        compositionId);
    return l.stream().findFirst();
  }

  public List<Stored> forRecording(String recordingId) {
    return query("SELECT " + COLUMNS + " FROM app_composition_request WHERE recording_id = ? "
        + "ORDER BY created_at, composition_id", recordingId);
  }

  private List<Stored> query(String sql, String arg) {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      List<Stored> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          CompositionRequest r = new CompositionRequest(LayoutKind.valueOf(rs.getString("layout")),
              CompositionRequest.parseFormat(rs.getString("format")), rs.getInt("width"), rs.getInt("height"),
              rs.getInt("fps"), rs.getString("participant_id"), rs.getString("template"));
          out.add(new Stored(rs.getString("composition_id"), rs.getString("recording_id"),
              rs.getString("application"), r, rs.getTimestamp("created_at").toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not read composition requests", e);
    }
  }
}
