package io.tapline.jobs.webhook;

import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import io.tapline.jobs.event.EventType;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Subscriptions stored in {@code jobs_webhook_subscription}. */
public final class JdbcWebhookSubscriptions implements SubscriptionDirectory {
  private static final String COLUMNS = "id, application_id, url, event_types, secret, created_at";

  private final DataSource dataSource;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public JdbcWebhookSubscriptions(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Creates a subscription with a fresh random secret (returned once, in the result). */
  public WebhookSubscription create(String applicationId, URI url, Set<EventType> eventTypes) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return create(applicationId, url, eventTypes, "whsec_" + HexFormat.of().formatHex(secret));
  }

  public WebhookSubscription create(
      String applicationId, URI url, Set<EventType> eventTypes, String secret) {
    WebhookSubscription subscription =
        new WebhookSubscription(
            "whs-" + UUID.randomUUID(), applicationId, url, eventTypes, secret, clock.instant());
    String sql =
        "INSERT INTO jobs_webhook_subscription (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, subscription.id());
      ps.setString(2, applicationId);
      ps.setString(3, url.toString());
      ps.setString(
          4,
          subscription.eventTypes().stream()
              .map(EventType::wireName)
              .sorted()
              .collect(Collectors.joining(",")));
      ps.setString(5, secret);
      ps.setLong(6, subscription.createdAt().toEpochMilli());
      ps.executeUpdate();
      return subscription;
    } catch (SQLException e) {
      throw new WebhookStoreException("could not store a subscription of " + applicationId, e);
    }
  }

  @Override
  public Optional<WebhookSubscription> find(String subscriptionId) {
    List<WebhookSubscription> found =
        query("SELECT " + COLUMNS + " FROM jobs_webhook_subscription WHERE id = ?", subscriptionId);
    return found.stream().findFirst();
  }

  public List<WebhookSubscription> list(String applicationId) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM jobs_webhook_subscription WHERE application_id = ?"
            + " ORDER BY created_at, id",
        applicationId);
  }

  /** One page of an application's subscriptions, oldest first, and how many it has in all. */
  public Page<WebhookSubscription> list(String applicationId, PageRequest page) {
    List<WebhookSubscription> items = query("SELECT " + COLUMNS
        + " FROM jobs_webhook_subscription WHERE application_id = ? ORDER BY created_at, id LIMIT "
        + page.limit() + " OFFSET " + page.offset(), applicationId);
    return new Page<>(items, page, count(applicationId));
  }

  public long count(String applicationId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM jobs_webhook_subscription WHERE application_id = ?")) {
      ps.setString(1, applicationId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new WebhookStoreException("could not count subscriptions of " + applicationId, e);
    }
  }

  @Override
  public List<WebhookSubscription> matching(String applicationId, EventType type) {
    return list(applicationId).stream().filter(s -> s.wants(type)).toList();
  }

  /** Deletes a subscription; its pending deliveries fail with the reason when they come due. */
  public boolean delete(String subscriptionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM jobs_webhook_subscription WHERE id = ?")) {
      ps.setString(1, subscriptionId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new WebhookStoreException("could not delete subscription " + subscriptionId, e);
    }
  }

  private List<WebhookSubscription> query(String sql, String parameter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        List<WebhookSubscription> result = new ArrayList<>();
        while (rs.next()) {
          result.add(
              new WebhookSubscription(
                  rs.getString("id"),
                  rs.getString("application_id"),
                  URI.create(rs.getString("url")),
                  Arrays.stream(rs.getString("event_types").split(","))
                      .map(EventType::fromWireName)
                      .collect(Collectors.toSet()),
                  rs.getString("secret"),
                  Instant.ofEpochMilli(rs.getLong("created_at"))));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new WebhookStoreException("could not read subscriptions", e);
    }
  }
}
