package io.tapline.app.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Which node captures each recording (table {@code app_recording_node}, Flyway {@code db/app}
 * V3): written when the tap starts it, read when a node looks for recordings a crash left
 * {@code recording} or {@code paused}. Node ids are the jobs heartbeat's ({@code
 * tapline.jobs.batch.node-id}).
 */
public final class RecordingNodes {
  private final DataSource ds;
  private final String self;

  public RecordingNodes(DataSource ds, String self) {
    this.ds = ds;
    this.self = self;
  }

  /** This node's id. */
  public String self() {
    return self;
  }

  /** Records that this node captures {@code recordingId}; a row already there is kept. */
  public void claim(String recordingId, Instant at) {
    if (node(recordingId).isPresent()) {
      return;
    }
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO app_recording_node "
            + "(recording_id, node_id, started_at) VALUES (?, ?, ?)")) {
      s.setString(1, recordingId);
      s.setString(2, self);
      s.setTimestamp(3, Timestamp.from(at));
      s.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) { // a concurrent claim of the same id: kept
        throw new IllegalStateException("cannot record the node of recording " + recordingId
            + ": " + e.getMessage(), e);
      }
    }
  }

  /** The node that captures (or captured) a recording; empty for one recorded before V3. */
  public Optional<String> node(String recordingId) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT node_id FROM app_recording_node WHERE recording_id = ?")) {
      s.setString(1, recordingId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the node of recording " + recordingId + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Whether this node may close a recording the index shows live but no tap here captures: on a
   * single node always (nobody else can hold it); in a cluster when it was this node's (a run
   * before a restart with a fixed node id), or its node's heartbeat expired, or no node is known.
   */
  public boolean mayClose(String recordingId, boolean clustered, Predicate<String> alive) {
    if (!clustered) {
      return true;
    }
    return node(recordingId).map(n -> n.equals(self) || !alive.test(n)).orElse(true);
  }
}
