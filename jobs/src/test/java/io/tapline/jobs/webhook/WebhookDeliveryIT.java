package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.webhook.WebhookSignature.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries to a real HTTP receiver from the outbox in an H2 file, across restarts. */
class WebhookDeliveryIT {
  private static final String SECRET = "whsec_it";
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path dir;

  /** One running instance of the webhook side: its own pool, publisher and worker. */
  private final class Instance implements AutoCloseable {
    final HikariDataSource db;
    final JdbcWebhookSubscriptions subscriptions;
    final WebhookOutbox outbox;
    final OutboxEventPublisher publisher;
    final WebhookDeliveryWorker worker;

    Instance(WebhookSettings settings) {
      JobsDatabaseSettings dbSettings =
          new JobsDatabaseSettings("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "", 3);
      db = JobsDatabase.dataSource(dbSettings);
      JobsDatabase.migrate(db, dbSettings.vendor());
      Clock clock = Clock.systemUTC();
      subscriptions = new JdbcWebhookSubscriptions(db, clock);
      outbox = new WebhookOutbox(db);
      publisher = new OutboxEventPublisher(subscriptions, outbox, json, clock);
      PinnedHttpClient http = new PinnedHttpClient(
          new WebhookTargetGuard(false, java.util.List.of("127.0.0.0/8")), Duration.ofSeconds(2),
          settings.requestTimeout());
      Random random = new Random(42);
      worker =
          new WebhookDeliveryWorker(
              new WebhookDispatcher(
                  outbox, subscriptions, http, settings, clock, random::nextDouble),
              settings);
    }

    @Override
    public void close() {
      worker.close();
      db.close();
    }
  }

  /**
   * How long a wait for deliveries may take before the test fails. Only a failing test waits this
   * long; a loaded CI machine can take seconds for what takes milliseconds here.
   */
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * A request timeout no loopback exchange reaches even on a loaded machine (a first request there
   * can take more than half a second: it would count as a failed attempt and be sent again).
   */
  private static final Duration ANSWER_IN_TIME = Duration.ofSeconds(10);

  /** The first retry of the restart test: due only after the worker is closed. */
  private static final Duration RESTART_BACKOFF = Duration.ofSeconds(4);

  private static WebhookSettings settings(Duration initialBackoff, int maxAttempts) {
    return settings(initialBackoff, maxAttempts, ANSWER_IN_TIME);
  }

  private static WebhookSettings settings(
      Duration initialBackoff, int maxAttempts, Duration requestTimeout) {
    return new WebhookSettings(
        Duration.ofMillis(20),
        10,
        requestTimeout,
        requestTimeout.multipliedBy(3),
        new BackoffPolicy(initialBackoff, 2.0, Duration.ofSeconds(8), 0.2, maxAttempts));
  }

  private static Event event(EventType type, String recordingId) {
    return Event.of(type, "app-1", Instant.now(), Map.of("recordingId", recordingId));
  }

  @Test
  void aReceiverThatFailsTheFirstThreeDeliveriesGetsTheFourth() throws Exception {
    try (TestReceiver receiver = new TestReceiver(SECRET, 3, Duration.ZERO);
        Instance instance = new Instance(settings(Duration.ofMillis(50), 5))) {
      instance.subscriptions.create(
          "app-1", receiver.url(), Set.of(EventType.RECORDING_READY), SECRET);
      instance.subscriptions.create(
          "app-other", receiver.url(), Set.of(EventType.RECORDING_READY), SECRET);
      Event event = event(EventType.RECORDING_READY, "rec-1");
      instance.publisher.publish(event);
      instance.worker.start();

      await(WAIT, () -> receiver.received.size() >= 4);
      String deliveryId = receiver.received.get(0).deliveryId();
      await(
          WAIT,
          () ->
              instance.outbox.find(deliveryId).orElseThrow().status() == Delivery.Status.DELIVERED);

      List<TestReceiver.Received> got = receiver.received;
      assertEquals(4, got.size());
      assertEquals(
          List.of(500, 500, 500, 200), got.stream().map(TestReceiver.Received::answered).toList());
      assertTrue(got.stream().allMatch(r -> r.verdict() == Verdict.VALID));
      assertTrue(
          got.stream().allMatch(r -> r.deliveryId().equals(deliveryId)), "one id on every attempt");
      assertTrue(got.stream().allMatch(r -> r.eventType().equals("recording.ready")));
      // Exponential backoff: 50, 100, 200 ms less up to 20% jitter.
      assertTrue(gap(got, 0).toMillis() >= 40, "first retry after " + gap(got, 0));
      assertTrue(gap(got, 2).toMillis() >= 160, "third retry after " + gap(got, 2));
      Delivery delivery = instance.outbox.find(deliveryId).orElseThrow();
      assertEquals(4, delivery.attempts());
      assertEquals(200, delivery.lastStatusCode());
      JsonNode body = json.readTree(got.get(3).body());
      assertEquals(event.id(), body.get("id").asText());
      assertEquals("recording.ready", body.get("type").asText());
      assertEquals("rec-1", body.get("data").get("recordingId").asText());
    }
  }

  @Test
  void aRestartBetweenRetriesLosesNothing() throws Exception {
    try (TestReceiver receiver = new TestReceiver(SECRET, 1, Duration.ZERO)) {
      String firstId;
      String queuedWhileDown;
      // The retry is due 4 s (less 20% jitter) after the first attempt: far more than the steps
      // between that attempt and the worker's close take, even on a loaded machine.
      try (Instance before = new Instance(settings(RESTART_BACKOFF, 5))) {
        before.subscriptions.create(
            "app-1",
            receiver.url(),
            Set.of(EventType.RECORDING_STOPPED, EventType.FILE_UPLOADED),
            SECRET);
        before.publisher.publish(event(EventType.RECORDING_STOPPED, "rec-2"));
        before.worker.start();
        await(WAIT, () -> receiver.received.size() == 1);
        firstId = receiver.received.get(0).deliveryId();
        await(WAIT, () -> before.outbox.find(firstId).orElseThrow().attempts() == 1);
        before.worker.close();
        // Queued while no worker runs: must go out after the restart as well.
        Event uploaded = event(EventType.FILE_UPLOADED, "rec-2");
        before.publisher.publish(uploaded);
        queuedWhileDown =
            WebhookOutbox.deliveryId(uploaded.id(), before.subscriptions.list("app-1").get(0).id());
      }
      assertEquals(1, receiver.received.size(), "the retry came due only after the restart");

      try (Instance after = new Instance(settings(RESTART_BACKOFF, 5))) {
        after.worker.start();
        await(
            WAIT,
            () -> receiver.accepted(firstId) == 1 && receiver.accepted(queuedWhileDown) == 1);
        Thread.sleep(300);
        assertEquals(1, receiver.accepted(firstId));
        assertEquals(1, receiver.accepted(queuedWhileDown));
        assertEquals(Delivery.Status.DELIVERED, after.outbox.find(firstId).orElseThrow().status());
        assertEquals(2, after.outbox.find(firstId).orElseThrow().attempts());
        assertEquals(2, after.outbox.list("app-1", Delivery.Status.DELIVERED).size());
      }
    }
  }

  @Test
  void afterTheLastRetryADeliveryIsFailedAndListedAndCanBeSentAgain() throws Exception {
    // Hangs far past the 1 s request timeout on the first three requests (a late timer on a loaded
    // machine must not see the answer instead): timeouts count as failures.
    try (TestReceiver receiver = new TestReceiver(SECRET, 3, Duration.ofSeconds(20));
        Instance instance =
            new Instance(settings(Duration.ofMillis(20), 3, Duration.ofSeconds(1)))) {
      instance.subscriptions.create(
          "app-1", receiver.url(), Set.of(EventType.COMPOSITION_FAILED), SECRET);
      instance.publisher.publish(event(EventType.COMPOSITION_FAILED, "rec-3"));
      instance.worker.start();

      await(WAIT, () -> !instance.outbox.failed("app-1").isEmpty());
      Delivery failed = instance.outbox.failed("app-1").get(0);
      assertEquals(3, failed.attempts());
      assertTrue(failed.lastError().contains("Timeout"), failed.lastError());

      assertTrue(instance.outbox.redeliver(failed.id(), Instant.now()));
      await(
          WAIT,
          () ->
              instance.outbox.find(failed.id()).orElseThrow().status()
                  == Delivery.Status.DELIVERED);
      assertEquals(1, receiver.accepted(failed.id()));
      assertTrue(instance.outbox.failed("app-1").isEmpty());
    }
  }

  private static Duration gap(List<TestReceiver.Received> got, int i) {
    return Duration.between(got.get(i).at(), got.get(i + 1).at());
  }

  private static void await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
