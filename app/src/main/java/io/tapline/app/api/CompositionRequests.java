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
      + "fps, participant_id, template, created_at, hls_format, segment_seconds, hls_launched_at";

  /**
   * One request: the composition id is derived from it, so asking twice is one row.
   *
   * @param request the composition to render (for HLS: the MP4 source that is then packaged)
   * @param hls how to package it as HLS, or null for a plain composition
   * @param hlsLaunchedAt when the packaging job was launched, null before
   */
  public record Stored(String compositionId, String recordingId, String application, CompositionRequest request,
      HlsPackaging hls, Instant createdAt, Instant hlsLaunchedAt) {
    public Stored(String compositionId, String recordingId, String application, CompositionRequest request,
        Instant createdAt) {
      this(compositionId, recordingId, application, request, null, createdAt, null);
    }
  }

  private final DataSource ds;

  public CompositionRequests(DataSource ds) {
    this.ds = ds;
  }

  /** Records a request unless the same composition was asked for before; returns the stored one. */
  public Stored save(String recordingId, String application, CompositionRequest r, Instant now) {
    return save(recordingId, application, r, null, now);
  }

  /** Records a request, of HLS when {@code hls} is given, unless it was asked for before. */
  public Stored save(String recordingId, String application, CompositionRequest r, HlsPackaging hls, Instant now) {
    String id = hls == null ? r.compositionId(recordingId) : hls.outputId(recordingId, r);
    Optional<Stored> old = find(id);
    if (old.isPresent()) {
      return old.get();
    }
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO app_composition_request (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
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
      s.setString(12, hls == null ? null : hls.format());
      if (hls == null) {
        s.setNull(13, java.sql.Types.INTEGER);
      } else {
        s.setInt(13, hls.segmentSeconds());
      }
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

  /** HLS requests whose packaging has not been launched yet, oldest first. */
  public List<Stored> awaitingPackaging(int max) {
    return query("SELECT " + COLUMNS + " FROM app_composition_request WHERE hls_format IS NOT NULL "
        + "AND hls_launched_at IS NULL ORDER BY created_at, composition_id FETCH FIRST " + max + " ROWS ONLY", null);
  }

  /** Notes that the packaging job of an HLS request was launched. */
  public void packagingLaunched(String compositionId, Instant at) {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE app_composition_request SET hls_launched_at = ? WHERE composition_id = ? AND hls_launched_at IS NULL")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setString(2, compositionId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not update composition request " + compositionId, e);
    }
  }

  private List<Stored> query(String sql, String arg) {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (arg != null) {
        s.setString(1, arg);
      }
      List<Stored> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          CompositionRequest r = new CompositionRequest(LayoutKind.valueOf(rs.getString("layout")),
              CompositionRequest.parseFormat(rs.getString("format")), rs.getInt("width"), rs.getInt("height"),
              rs.getInt("fps"), rs.getString("participant_id"), rs.getString("template"));
          String hlsFormat = rs.getString("hls_format");
          HlsPackaging hls = hlsFormat == null ? null : new HlsPackaging(hlsFormat, rs.getInt("segment_seconds"));
          Timestamp launched = rs.getTimestamp("hls_launched_at");
          out.add(new Stored(rs.getString("composition_id"), rs.getString("recording_id"),
              rs.getString("application"), r, hls, rs.getTimestamp("created_at").toInstant(),
              launched == null ? null : launched.toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not read composition requests", e);
    }
  }
}
