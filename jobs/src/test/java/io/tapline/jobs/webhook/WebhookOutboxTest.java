package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.TestDatabases;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookOutboxTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static HikariDataSource db;

  @BeforeAll
  static void database() {
    db = TestDatabases.h2InMemory();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** Each test its own application id, so tests sharing the database don't see each other. */
  private static String app(String name) {
    return name + "-" + System.nanoTime();
  }

  private static Event event(String app, EventType type) {
    return Event.of(type, app, T0, Map.of("recordingId", "rec-1"));
  }

  private static OutboxEventPublisher publisher(
      JdbcWebhookSubscriptions subs, WebhookOutbox outbox) {
    return new OutboxEventPublisher(
        subs, outbox, new ObjectMapper(), Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void pagesAnApplicationsSubscriptionsInTheDatabaseOldestFirst() {
    String app = app("paged");
    MutableTestClock clock = new MutableTestClock(T0);
    JdbcWebhookSubscriptions subs = new JdbcWebhookSubscriptions(db, clock);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(subs.create(app, URI.create("http://127.0.0.1:1/" + i), Set.of(EventType.RECORDING_READY)).id());
      clock.now = clock.now.plusSeconds(1);
    }
    subs.create(app("other"), URI.create("http://127.0.0.1:1/x"), Set.of(EventType.RECORDING_READY));
    var first = subs.list(app, new io.tapline.storage.index.PageRequest(0, 2));
    assertEquals(5, first.total());
    assertEquals(5, subs.count(app));
    assertEquals(ids.subList(0, 2), first.items().stream().map(WebhookSubscription::id).toList());
    assertEquals(ids.subList(2, 4), subs.list(app, new io.tapline.storage.index.PageRequest(2, 2)).items().stream()
        .map(WebhookSubscription::id).toList());
    assertEquals(ids.subList(4, 5), subs.list(app, new io.tapline.storage.index.PageRequest(4, 2)).items().stream()
        .map(WebhookSubscription::id).toList());
    assertTrue(subs.list(app, new io.tapline.storage.index.PageRequest(5, 2)).items().isEmpty());
    assertEquals(5, subs.list(app, new io.tapline.storage.index.PageRequest(5, 2)).total());
  }

  /** A clock the test moves. */
  private static final class MutableTestClock extends Clock {
    Instant now;

    MutableTestClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void queuesOneDeliveryPerMatchingSubscriptionAndOnlyOncePerEvent() {
    String app = app("queue");
    JdbcWebhookSubscriptions subs =
        new JdbcWebhookSubscriptions(db, Clock.fixed(T0, ZoneOffset.UTC));
    WebhookOutbox outbox = new WebhookOutbox(db);
    subs.create(app, URI.create("http://127.0.0.1:1/a"), Set.of(EventType.RECORDING_READY));
    subs.create(
        app,
        URI.create("http://127.0.0.1:1/b"),
        Set.of(EventType.RECORDING_READY, EventType.FILE_UPLOADED));
    subs.create(app, URI.create("http://127.0.0.1:1/c"), Set.of(EventType.FILE_DELETED));
    subs.create(
        app("other"), URI.create("http://127.0.0.1:1/d"), Set.of(EventType.RECORDING_READY));

    Event ready = event(app, EventType.RECORDING_READY);
    publisher(subs, outbox).publish(ready);
    publisher(subs, outbox).publish(ready);

    List<Delivery> pending = outbox.list(app, Delivery.Status.PENDING);
    assertEquals(2, pending.size());
    assertTrue(pending.stream().allMatch(d -> d.eventId().equals(ready.id()) && d.attempts() == 0));
    assertTrue(
        pending.get(0).payload().contains("\"type\":\"recording.ready\""),
        pending.get(0).payload());
  }

  @Test
  void aClaimedDeliveryIsHiddenUntilItsLeaseEnds() {
    String app = app("claim");
    JdbcWebhookSubscriptions subs =
        new JdbcWebhookSubscriptions(db, Clock.fixed(T0, ZoneOffset.UTC));
    WebhookOutbox outbox = new WebhookOutbox(db);
    subs.create(app, URI.create("http://127.0.0.1:1/a"), Set.of(EventType.RECORDING_FAILED));
    publisher(subs, outbox).publish(event(app, EventType.RECORDING_FAILED));

    List<Delivery> first = outbox.claimDue(T0, 100, LEASE);
    List<Delivery> mine = first.stream().filter(d -> d.applicationId().equals(app)).toList();
    assertEquals(1, mine.size());
    assertTrue(
        outbox.claimDue(T0.plusSeconds(1), 100, LEASE).stream()
            .noneMatch(d -> d.id().equals(mine.get(0).id())),
        "a second dispatcher must not get it");
    assertTrue(
        outbox.claimDue(T0.plus(LEASE), 100, LEASE).stream()
            .anyMatch(d -> d.id().equals(mine.get(0).id())),
        "due again once the lease ran out");
  }

  @Test
  void failedDeliveriesAreListedAndCanBeQueuedAgain() {
    String app = app("failed");
    JdbcWebhookSubscriptions subs =
        new JdbcWebhookSubscriptions(db, Clock.fixed(T0, ZoneOffset.UTC));
    WebhookOutbox outbox = new WebhookOutbox(db);
    subs.create(app, URI.create("http://127.0.0.1:1/a"), Set.of(EventType.SCHEDULE_MISSED));
    publisher(subs, outbox).publish(event(app, EventType.SCHEDULE_MISSED));
    Delivery delivery = outbox.list(app, Delivery.Status.PENDING).get(0);

    outbox.markFailed(delivery.id(), 12, 503, "HTTP 503", T0);
    Delivery failed = outbox.failed(app).get(0);
    assertEquals(12, failed.attempts());
    assertEquals(503, failed.lastStatusCode());
    assertEquals("HTTP 503", failed.lastError());

    assertTrue(outbox.redeliver(delivery.id(), T0));
    assertFalse(outbox.redeliver(delivery.id(), T0), "only failed deliveries are requeued");
    assertEquals(0, outbox.find(delivery.id()).orElseThrow().attempts());
    assertTrue(outbox.failed(app).isEmpty());
  }
}
