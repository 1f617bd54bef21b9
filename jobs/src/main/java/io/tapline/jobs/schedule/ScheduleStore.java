package io.tapline.jobs.schedule;

import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The schedules table. Quartz holds the triggers; this table holds the plan as the caller gave it
 * and its status, so list/cancel/reschedule work after a restart and a one-off schedule stays
 * listed after Quartz has deleted its fired trigger.
 */
public final class ScheduleStore {
  private static final String COLUMNS =
      "id, application_id, conversation_id, start_at, cron, time_zone, stop_at, duration_ms,"
          + " misfire_window_ms, join_grace_ms, status, created_at";

  private final DataSource dataSource;

  public ScheduleStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void insert(RecordingSchedule schedule) {
    String sql =
        "INSERT INTO recording_schedule ("
            + COLUMNS
            + ", updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schedule.id());
      int next = bindPlan(ps, 2, schedule.plan());
      ps.setString(next++, schedule.status().name());
      ps.setLong(next++, schedule.createdAt().toEpochMilli());
      ps.setLong(next, schedule.createdAt().toEpochMilli());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not store schedule " + schedule.id(), e);
    }
  }

  public Optional<RecordingSchedule> find(String id) {
    String sql = "SELECT " + COLUMNS + " FROM recording_schedule WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not read schedule " + id, e);
    }
  }

  /** All schedules, oldest first. */
  public List<RecordingSchedule> list() {
    String sql = "SELECT " + COLUMNS + " FROM recording_schedule ORDER BY created_at, id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<RecordingSchedule> result = new ArrayList<>();
      while (rs.next()) {
        result.add(read(rs));
      }
      return result;
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not list schedules", e);
    }
  }

  /**
   * One page of an application's schedules (of one conversation when {@code conversationId} is
   * given), newest first, and how many there are in all.
   */
  public Page<RecordingSchedule> page(String applicationId, String conversationId, PageRequest page) {
    String where = " FROM recording_schedule WHERE application_id = ?"
        + (conversationId == null ? "" : " AND conversation_id = ?");
    try (Connection c = dataSource.getConnection()) {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + where)) {
        bindScope(ps, applicationId, conversationId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<RecordingSchedule> items = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
        int i = bindScope(ps, applicationId, conversationId);
        ps.setInt(i++, page.limit());
        ps.setLong(i, page.offset());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(read(rs));
          }
        }
      }
      return new Page<>(items, page, total);
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not list schedules of " + applicationId, e);
    }
  }

  private static int bindScope(PreparedStatement ps, String applicationId, String conversationId)
      throws SQLException {
    ps.setString(1, applicationId);
    if (conversationId == null) {
      return 2;
    }
    ps.setString(2, conversationId);
    return 3;
  }

  public void updatePlan(
      String id, SchedulePlan plan, RecordingSchedule.Status status, Instant now) {
    String sql =
        "UPDATE recording_schedule SET application_id = ?, conversation_id = ?, start_at = ?,"
            + " cron = ?, time_zone = ?, stop_at = ?, duration_ms = ?, misfire_window_ms = ?,"
            + " join_grace_ms = ?, status = ?, updated_at = ? WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int next = bindPlan(ps, 1, plan);
      ps.setString(next++, status.name());
      ps.setLong(next++, now.toEpochMilli());
      ps.setString(next, id);
      requireOneRow(ps.executeUpdate(), id);
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not update schedule " + id, e);
    }
  }

  public void updateStatus(String id, RecordingSchedule.Status status, Instant now) {
    String sql = "UPDATE recording_schedule SET status = ?, updated_at = ? WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setLong(2, now.toEpochMilli());
      ps.setString(3, id);
      requireOneRow(ps.executeUpdate(), id);
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not update schedule " + id, e);
    }
  }

  /** Marks a one-off schedule done, unless it was cancelled meanwhile. */
  public void completeIfActive(String id, Instant now) {
    String sql =
        "UPDATE recording_schedule SET status = ?, updated_at = ? WHERE id = ? AND status = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, RecordingSchedule.Status.COMPLETED.name());
      ps.setLong(2, now.toEpochMilli());
      ps.setString(3, id);
      ps.setString(4, RecordingSchedule.Status.ACTIVE.name());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not update schedule " + id, e);
    }
  }

  /** Removes a schedule whose triggers could not be created. */
  void delete(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM recording_schedule WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new ScheduleStoreException("could not delete schedule " + id, e);
    }
  }

  private static void requireOneRow(int updated, String id) {
    if (updated != 1) {
      throw new ScheduleNotFoundException(id);
    }
  }

  private static int bindPlan(PreparedStatement ps, int first, SchedulePlan plan)
      throws SQLException {
    int i = first;
    ps.setString(i++, plan.applicationId());
    ps.setString(i++, plan.conversationId());
    if (plan.start() instanceof ScheduleStart.At at) {
      ps.setLong(i++, at.instant().toEpochMilli());
      ps.setNull(i++, Types.VARCHAR);
      ps.setNull(i++, Types.VARCHAR);
    } else if (plan.start() instanceof ScheduleStart.Cron cron) {
      ps.setNull(i++, Types.BIGINT);
      ps.setString(i++, cron.expression());
      ps.setString(i++, cron.zone().getId());
    }
    if (plan.stop() instanceof ScheduleStop.At at) {
      ps.setLong(i++, at.instant().toEpochMilli());
      ps.setNull(i++, Types.BIGINT);
    } else if (plan.stop() instanceof ScheduleStop.After after) {
      ps.setNull(i++, Types.BIGINT);
      ps.setLong(i++, after.duration().toMillis());
    }
    ps.setLong(i++, plan.misfireWindow().toMillis());
    ps.setLong(i++, plan.joinGrace().toMillis());
    return i;
  }

  private static RecordingSchedule read(ResultSet rs) throws SQLException {
    long startAt = rs.getLong("start_at");
    ScheduleStart start =
        rs.wasNull()
            ? new ScheduleStart.Cron(rs.getString("cron"), ZoneId.of(rs.getString("time_zone")))
            : new ScheduleStart.At(Instant.ofEpochMilli(startAt));
    long stopAt = rs.getLong("stop_at");
    ScheduleStop stop =
        rs.wasNull()
            ? new ScheduleStop.After(Duration.ofMillis(rs.getLong("duration_ms")))
            : new ScheduleStop.At(Instant.ofEpochMilli(stopAt));
    SchedulePlan plan =
        new SchedulePlan(
            rs.getString("application_id"),
            rs.getString("conversation_id"),
            start,
            stop,
            Duration.ofMillis(rs.getLong("misfire_window_ms")),
            Duration.ofMillis(rs.getLong("join_grace_ms")));
    return new RecordingSchedule(
        rs.getString("id"),
        plan,
        RecordingSchedule.Status.valueOf(rs.getString("status")),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
