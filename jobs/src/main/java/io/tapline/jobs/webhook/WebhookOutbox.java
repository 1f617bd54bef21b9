package io.tapline.jobs.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The persistent outbox of webhook deliveries ({@code webhook_delivery}). A delivery is written
 * before anyone tries to send it and changes state only after the receiver answered, so a restart
 * loses none. Several dispatchers (nodes) may poll one outbox: {@link #claimDue} hands each due
 * delivery to one of them.
 */
public final class WebhookOutbox {
  private static final String COLUMNS =
      "id, event_id, subscription_id, application_id, event_type, payload, attempts,"
          + " next_attempt_at, status, last_status_code, last_error";
  private static final int MAX_ERROR_LENGTH = 1000;

  private final DataSource dataSource;

  public WebhookOutbox(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The delivery id of an event for a subscription: derived, so enqueueing the same event twice (a
   * publisher re-run after a crash) yields one delivery.
   */
  public static String deliveryId(String eventId, String subscriptionId) {
    return "dlv-"
        + UUID.nameUUIDFromBytes((eventId + "/" + subscriptionId).getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a pending delivery, due now; false if this event was already queued for it. */
  public boolean enqueue(
      String eventId,
      WebhookSubscription subscription,
      String eventType,
      String payload,
      Instant now) {
    String sql =
        "INSERT INTO webhook_delivery ("
            + COLUMNS
            + ", created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, NULL, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, deliveryId(eventId, subscription.id()));
      ps.setString(2, eventId);
      ps.setString(3, subscription.id());
      ps.setString(4, subscription.applicationId());
      ps.setString(5, eventType);
      ps.setString(6, payload);
      ps.setLong(7, now.toEpochMilli());
      ps.setString(8, Delivery.Status.PENDING.name());
      ps.setLong(9, now.toEpochMilli());
      ps.setLong(10, now.toEpochMilli());
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw new WebhookStoreException("could not queue event " + eventId, e);
    }
  }

  /**
   * Claims up to {@code limit} due deliveries by moving their next attempt {@code lease} ahead: a
   * claimed delivery is invisible to other dispatchers, and comes due again if this one dies before
   * recording the outcome.
   */
  public List<Delivery> claimDue(Instant now, int limit, Duration lease) {
    List<String> candidates = new ArrayList<>();
    String select =
        "SELECT id FROM webhook_delivery WHERE status = ? AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, id LIMIT ?";
    String claim =
        "UPDATE webhook_delivery SET next_attempt_at = ?, updated_at = ?"
            + " WHERE id = ? AND status = ? AND next_attempt_at <= ?";
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(select)) {
        ps.setString(1, Delivery.Status.PENDING.name());
        ps.setLong(2, now.toEpochMilli());
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            candidates.add(rs.getString(1));
          }
        }
      }
      List<Delivery> claimed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(claim)) {
        for (String id : candidates) {
          ps.setLong(1, now.plus(lease).toEpochMilli());
          ps.setLong(2, now.toEpochMilli());
          ps.setString(3, id);
          ps.setString(4, Delivery.Status.PENDING.name());
          ps.setLong(5, now.toEpochMilli());
          if (ps.executeUpdate() == 1) {
            find(c, id).ifPresent(claimed::add);
          }
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new WebhookStoreException("could not claim due deliveries", e);
    }
  }

  public void markDelivered(String id, int attempts, int statusCode, Instant now) {
    update(id, Delivery.Status.DELIVERED, attempts, now, statusCode, null, now);
  }

  public void scheduleRetry(
      String id, int attempts, Instant nextAttempt, int statusCode, String error, Instant now) {
    update(id, Delivery.Status.PENDING, attempts, nextAttempt, statusCode, error, now);
  }

  public void markFailed(String id, int attempts, int statusCode, String error, Instant now) {
    update(id, Delivery.Status.FAILED, attempts, now, statusCode, error, now);
  }

  public Optional<Delivery> find(String id) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, id);
    } catch (SQLException e) {
      throw new WebhookStoreException("could not read delivery " + id, e);
    }
  }

  /** Deliveries that used up their attempts, newest first: what an operator looks at. */
  public List<Delivery> failed(String applicationId) {
    return list(applicationId, Delivery.Status.FAILED);
  }

  public List<Delivery> list(String applicationId, Delivery.Status status) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM webhook_delivery WHERE application_id = ? AND status = ?"
            + " ORDER BY updated_at DESC, id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, applicationId);
      ps.setString(2, status.name());
      try (ResultSet rs = ps.executeQuery()) {
        List<Delivery> result = new ArrayList<>();
        while (rs.next()) {
          result.add(read(rs));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new WebhookStoreException("could not list deliveries of " + applicationId, e);
    }
  }

  /**
   * Deliveries of one subscription, newest first, optionally of one status; {@code limit} rows
   * from {@code offset}.
   */
  public List<Delivery> listForSubscription(
      String subscriptionId, Delivery.Status status, long offset, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM webhook_delivery WHERE subscription_id = ?"
            + (status == null ? "" : " AND status = ?")
            + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, subscriptionId);
      if (status != null) {
        ps.setString(i++, status.name());
      }
      ps.setInt(i++, limit);
      ps.setLong(i, offset);
      try (ResultSet rs = ps.executeQuery()) {
        List<Delivery> result = new ArrayList<>();
        while (rs.next()) {
          result.add(read(rs));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new WebhookStoreException("could not list deliveries of " + subscriptionId, e);
    }
  }

  /** How many deliveries {@link #listForSubscription} would page through. */
  public long countForSubscription(String subscriptionId, Delivery.Status status) {
    String sql =
        "SELECT COUNT(*) FROM webhook_delivery WHERE subscription_id = ?"
            + (status == null ? "" : " AND status = ?");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, subscriptionId);
      if (status != null) {
        ps.setString(2, status.name());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new WebhookStoreException("could not count deliveries of " + subscriptionId, e);
    }
  }

  /** Puts a failed delivery back in the queue with fresh attempts (an operator's "retry"). */
  public boolean redeliver(String id, Instant now) {
    String sql =
        "UPDATE webhook_delivery SET status = ?, attempts = 0, next_attempt_at = ?, updated_at = ?"
            + " WHERE id = ? AND status = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, Delivery.Status.PENDING.name());
      ps.setLong(2, now.toEpochMilli());
      ps.setLong(3, now.toEpochMilli());
      ps.setString(4, id);
      ps.setString(5, Delivery.Status.FAILED.name());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new WebhookStoreException("could not requeue delivery " + id, e);
    }
  }

  private void update(
      String id,
      Delivery.Status status,
      int attempts,
      Instant nextAttempt,
      int statusCode,
      String error,
      Instant now) {
    String sql =
        "UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = ?,"
            + " last_status_code = ?, last_error = ?, updated_at = ? WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setInt(2, attempts);
      ps.setLong(3, nextAttempt.toEpochMilli());
      if (statusCode > 0) {
        ps.setInt(4, statusCode);
      } else {
        ps.setNull(4, Types.INTEGER);
      }
      ps.setString(5, error == null ? null : truncate(error));
      ps.setLong(6, now.toEpochMilli());
      ps.setString(7, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new WebhookStoreException("could not update delivery " + id, e);
    }
  }

  private static Optional<Delivery> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  private static Delivery read(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getString("id"),
        rs.getString("event_id"),
        rs.getString("subscription_id"),
        rs.getString("application_id"),
        rs.getString("event_type"),
        rs.getString("payload"),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        Delivery.Status.valueOf(rs.getString("status")),
        rs.getInt("last_status_code"),
        rs.getString("last_error"));
  }
}
