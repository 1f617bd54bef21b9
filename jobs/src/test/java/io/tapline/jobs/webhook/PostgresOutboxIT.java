package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.DatabaseVendor;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two dispatchers (as on two nodes) sharing one outbox on a real PostgreSQL. */
class PostgresOutboxIT {
  private static final int EVENTS = 30;

  @Test
  void twoDispatchersDeliverEachDeliveryOnce() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        TestReceiver receiver = new TestReceiver("whsec_pg", 0, Duration.ZERO)) {
      HikariDataSource db =
          JobsDatabase.dataSource(
              new JobsDatabaseSettings(
                  postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4));
      JobsDatabase.migrate(db, DatabaseVendor.POSTGRESQL);
      Clock clock = Clock.systemUTC();
      JdbcWebhookSubscriptions subscriptions = new JdbcWebhookSubscriptions(db, clock);
      WebhookOutbox outbox = new WebhookOutbox(db);
      WebhookSubscription subscription =
          subscriptions.create(
              "app-pg", receiver.url(), Set.of(EventType.FILE_UPLOADED), "whsec_pg");
      OutboxEventPublisher publisher =
          new OutboxEventPublisher(subscriptions, outbox, new ObjectMapper(), clock);
      List<String> deliveryIds = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        Event event =
            Event.of(EventType.FILE_UPLOADED, "app-pg", Instant.now(), Map.of("fileId", "f-" + i));
        publisher.publish(event);
        publisher.publish(event); // a publisher re-run: still one delivery
        deliveryIds.add(WebhookOutbox.deliveryId(event.id(), subscription.id()));
      }

      // Batches of 2 so both dispatchers keep competing for the same rows. A request timeout no
      // loopback answer reaches on a loaded machine: a timed-out request is sent again, and this
      // test counts requests.
      WebhookSettings settings =
          new WebhookSettings(
              Duration.ofMillis(10),
              2,
              Duration.ofSeconds(10),
              Duration.ofSeconds(30),
              new BackoffPolicy(Duration.ofMillis(50), 2.0, Duration.ofSeconds(1), 0.2, 5));
      PinnedHttpClient http = new PinnedHttpClient(
          new WebhookTargetGuard(false, java.util.List.of("127.0.0.0/8")), Duration.ofSeconds(2),
          settings.requestTimeout());
      try (WebhookDeliveryWorker first =
              new WebhookDeliveryWorker(
                  new WebhookDispatcher(outbox, subscriptions, http, settings, clock, Math::random),
                  settings);
          WebhookDeliveryWorker second =
              new WebhookDeliveryWorker(
                  new WebhookDispatcher(outbox, subscriptions, http, settings, clock, Math::random),
                  settings)) {
        first.start();
        second.start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (outbox.list("app-pg", Delivery.Status.DELIVERED).size() < EVENTS
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(50);
        }
      }

      assertEquals(EVENTS, outbox.list("app-pg", Delivery.Status.DELIVERED).size());
      assertEquals(EVENTS, receiver.received.size(), "one request per delivery");
      for (String id : deliveryIds) {
        assertEquals(1, receiver.accepted(id), id);
      }
      assertTrue(
          receiver.received.stream().allMatch(r -> r.verdict() == WebhookSignature.Verdict.VALID));
      db.close();
    }
  }
}
