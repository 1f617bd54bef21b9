package io.tapline.jobs.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The occurrences table: one row per planned start that fired. Its primary key and the
 * compare-and-set {@link #transition} are what keep a re-fired trigger from acting twice.
 */
public final class OccurrenceStore {
  private static final String COLUMNS = "schedule_id, planned_start, recording_id, state, detail";

  private static final int MAX_DETAIL = 500;

  private final DataSource dataSource;

  public OccurrenceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Occurrence> find(String scheduleId, Instant plannedStart) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM schedule_occurrence WHERE schedule_id = ? AND planned_start = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, scheduleId);
      ps.setLong(2, plannedStart.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not read occurrence of " + scheduleId, e);
    }
  }

  /** The occurrences of a schedule, oldest first. */
  public List<Occurrence> list(String scheduleId) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM schedule_occurrence WHERE schedule_id = ? ORDER BY planned_start";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, scheduleId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Occurrence> result = new ArrayList<>();
        while (rs.next()) {
          result.add(read(rs));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not list occurrences of " + scheduleId, e);
    }
  }

  /** Inserts a new occurrence; false if one with the same identity exists already. */
  public boolean insert(Occurrence occurrence, Instant now) {
    String sql =
        "INSERT INTO schedule_occurrence (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, occurrence.scheduleId());
      ps.setLong(2, occurrence.plannedStart().toEpochMilli());
      ps.setString(3, occurrence.recordingId());
      ps.setString(4, occurrence.state().name());
      ps.setString(5, truncate(occurrence.detail()));
      ps.setLong(6, now.toEpochMilli());
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw new ScheduleStoreException(
          "could not store occurrence of " + occurrence.scheduleId(), e);
    }
  }

  /** Moves an occurrence from {@code expected} to its new state; false if it was not in it. */
  public boolean transition(Occurrence.State expected, Occurrence updated, Instant now) {
    String sql =
        "UPDATE schedule_occurrence SET state = ?, detail = ?, updated_at = ?"
            + " WHERE schedule_id = ? AND planned_start = ? AND state = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, updated.state().name());
      ps.setString(2, truncate(updated.detail()));
      ps.setLong(3, now.toEpochMilli());
      ps.setString(4, updated.scheduleId());
      ps.setLong(5, updated.plannedStart().toEpochMilli());
      ps.setString(6, expected.name());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not update occurrence of " + updated.scheduleId(), e);
    }
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= MAX_DETAIL
        ? detail
        : detail.substring(0, MAX_DETAIL);
  }

  private static boolean isUniqueViolation(SQLException e) {
    // SQLState class 23 is "integrity constraint violation" on both H2 and PostgreSQL.
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private static Occurrence read(ResultSet rs) throws SQLException {
    return new Occurrence(
        rs.getString("schedule_id"),
        Instant.ofEpochMilli(rs.getLong("planned_start")),
        rs.getString("recording_id"),
        Occurrence.State.valueOf(rs.getString("state")),
        rs.getString("detail"));
  }
}
