package io.tapline.app.auth;

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
import org.flywaydb.core.Flyway;

/**
 * Which application owns which conversation: the one thing the index schema does not hold. Its own
 * Flyway location ({@code db/app}) and history table, so it shares the index database cleanly.
 */
public final class OwnershipRepository {
  private final DataSource ds;

  public OwnershipRepository(DataSource ds) {
    this.ds = ds;
  }

  public static void migrate(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/app")
        .table("flyway_app_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** Claims {@code conversationId} for {@code application}; false if it already has an owner. */
  public boolean claim(String conversationId, String application, Instant now) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "INSERT INTO app_conversation_owner (conversation_id, application, created_at) VALUES (?, ?, ?)")) {
      s.setString(1, conversationId);
      s.setString(2, application);
      s.setTimestamp(3, Timestamp.from(now));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw new IllegalStateException("index database: could not claim conversation " + conversationId, e);
    }
  }

  /** Gives up a claim whose conversation could not be created. */
  public void release(String conversationId) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM app_conversation_owner WHERE conversation_id = ?")) {
      s.setString(1, conversationId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not release conversation " + conversationId, e);
    }
  }

  public Optional<String> owner(String conversationId) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT application FROM app_conversation_owner WHERE conversation_id = ?")) {
      s.setString(1, conversationId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not read the owner of " + conversationId, e);
    }
  }

  /** Conversation ids of one application, newest first. */
  public List<String> conversations(String application, long offset, int limit) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT conversation_id FROM app_conversation_owner "
            + "WHERE application = ? ORDER BY created_at DESC, conversation_id LIMIT ? OFFSET ?")) {
      s.setString(1, application);
      s.setInt(2, limit);
      s.setLong(3, offset);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not list conversations", e);
    }
  }

  public long count(String application) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT COUNT(*) FROM app_conversation_owner WHERE application = ?")) {
      s.setString(1, application);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index database: could not count conversations", e);
    }
  }
}
