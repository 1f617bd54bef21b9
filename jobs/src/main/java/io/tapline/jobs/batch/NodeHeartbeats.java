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
 * One row per node in the index database ({@code tapline_node_heartbeat}): when it last said it
 * was alive (epoch milliseconds). {@link ExecutionHeartbeats} only has rows while a node runs a
 * job, so an idle node would look dead there; this table tells whether a node that owns live
 * recordings is still there. Beaten by the {@link HeartbeatMonitor} every interval.
 */
public final class NodeHeartbeats {
  static final String TABLE = "tapline_node_heartbeat";
  private final DataSource dataSource;

  public NodeHeartbeats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Creates the table unless it exists (H2, PostgreSQL); safe from several nodes at once. */
  public static void createTable(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (node_id VARCHAR(128) NOT NULL "
          + "PRIMARY KEY, beat_at BIGINT NOT NULL)");
    } catch (SQLException e) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT COUNT(*) FROM " + TABLE).close();
      } catch (SQLException again) {
        throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
      }
    }
  }

  /** Records that {@code nodeId} is alive now. */
  public void beat(String nodeId, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
          + " SET beat_at = ? WHERE node_id = ?")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setString(2, nodeId);
        if (ps.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
          + " (node_id, beat_at) VALUES (?, ?)")) {
        ps.setString(1, nodeId);
        ps.setLong(2, now.toEpochMilli());
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the heartbeat of node " + nodeId + ": "
          + e.getMessage(), e);
    }
  }

  /** The last beat of a node; empty when it never beat (or its row was purged). */
  public Optional<Instant> last(String nodeId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT beat_at FROM " + TABLE
            + " WHERE node_id = ?")) {
      ps.setString(1, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the heartbeat of node " + nodeId + ": "
          + e.getMessage(), e);
    }
  }

  /** Deletes the nodes last beaten before {@code cutoff}; returns how many. */
  public int removeSilentSince(Instant cutoff) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
            + " WHERE beat_at < ?")) {
      ps.setLong(1, cutoff.toEpochMilli());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete stale node heartbeats: " + e.getMessage(),
          e);
    }
  }
}
