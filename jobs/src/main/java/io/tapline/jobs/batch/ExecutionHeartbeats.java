package io.tapline.jobs.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One row per running job execution in the job repository's database ({@code
 * tapline_batch_heartbeat}): which worker runs it and when it last said so (epoch milliseconds).
 * Spring Batch only touches an execution's rows when a step commits, so a long composition looks
 * idle for its whole length; the heartbeat tells a live one from an orphan.
 */
public final class ExecutionHeartbeats {
  static final String TABLE = "tapline_batch_heartbeat";
  private static final String UNIQUE_VIOLATION = "23505";
  private final DataSource dataSource;

  /** The last beat of an execution. */
  public record Beat(String nodeId, Instant at) {}

  public ExecutionHeartbeats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Creates the table unless it exists (H2, PostgreSQL); safe from several nodes at once. */
  public static void createTable(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (job_execution_id BIGINT NOT NULL "
          + "PRIMARY KEY, node_id VARCHAR(128) NOT NULL, beat_at BIGINT NOT NULL)");
    } catch (SQLException e) {
      // two nodes creating it at once: one loses on PostgreSQL's catalog, the table is there
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT COUNT(*) FROM " + TABLE).close();
      } catch (SQLException again) {
        throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Records that {@code nodeId} runs the execution now.
   *
   * @return false when another worker has taken the execution over (this one was found dead)
   */
  public boolean beat(long executionId, String nodeId, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      if (update(c, executionId, nodeId, now) == 1) {
        return true;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
          + " (job_execution_id, node_id, beat_at) VALUES (?, ?, ?)")) {
        ps.setLong(1, executionId);
        ps.setString(2, nodeId);
        ps.setLong(3, now.toEpochMilli());
        return ps.executeUpdate() == 1;
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return false; // the row is another worker's
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the heartbeat of execution " + executionId
          + ": " + e.getMessage(), e);
    }
  }

  public Optional<Beat> find(long executionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT node_id, beat_at FROM " + TABLE
            + " WHERE job_execution_id = ?")) {
      ps.setLong(1, executionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Beat(rs.getString(1),
            Instant.ofEpochMilli(rs.getLong(2)))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the heartbeat of execution " + executionId
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes over an execution whose last beat was {@code seen} (empty: it had none): a
   * compare-and-set, so of several workers that find it stale at once exactly one wins.
   *
   * @return whether this worker won it
   */
  public boolean claim(long executionId, Optional<Beat> seen, String nodeId, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      if (seen.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
            + " (job_execution_id, node_id, beat_at) VALUES (?, ?, ?)")) {
          ps.setLong(1, executionId);
          ps.setString(2, nodeId);
          ps.setLong(3, now.toEpochMilli());
          return ps.executeUpdate() == 1;
        } catch (SQLException e) {
          if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return false;
          }
          throw e;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET node_id = ?, "
          + "beat_at = ? WHERE job_execution_id = ? AND node_id = ? AND beat_at = ?")) {
        ps.setString(1, nodeId);
        ps.setLong(2, now.toEpochMilli());
        ps.setLong(3, executionId);
        ps.setString(4, seen.get().nodeId());
        ps.setLong(5, seen.get().at().toEpochMilli());
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot claim execution " + executionId + ": "
          + e.getMessage(), e);
    }
  }

  public void remove(long executionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
            + " WHERE job_execution_id = ?")) {
      ps.setLong(1, executionId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove the heartbeat of execution " + executionId
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the rows last beaten before {@code cutoff}: executions whose node died and that
   * nobody claimed (recovery off, or the execution was failed at a start-up instead).
   *
   * @return how many were deleted
   */
  public int removeSilentSince(Instant cutoff) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
            + " WHERE beat_at < ?")) {
      ps.setLong(1, cutoff.toEpochMilli());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete stale heartbeats: " + e.getMessage(), e);
    }
  }

  private static int update(Connection c, long executionId, String nodeId, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET beat_at = ? "
        + "WHERE job_execution_id = ? AND node_id = ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, executionId);
      ps.setString(3, nodeId);
      return ps.executeUpdate();
    }
  }
}
