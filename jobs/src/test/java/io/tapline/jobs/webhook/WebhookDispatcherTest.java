package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tapline.jobs.db.TestDatabases;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final WebhookSettings settings =
      new WebhookSettings(
          Duration.ofMillis(10),
          10,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 0.5, 2));
  private HikariDataSource db;
  private JdbcWebhookSubscriptions subscriptions;
  private WebhookOutbox outbox;
  private WebhookDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    db = TestDatabases.h2InMemory();
    subscriptions = new JdbcWebhookSubscriptions(db, clock);
    outbox = new WebhookOutbox(db);
    // random 0 = no jitter taken off, so delays are exact
    dispatcher =
        new WebhookDispatcher(
            outbox, subscriptions, http(new WebhookTargetGuard(false, List.of("127.0.0.0/8"))), settings, clock, () -> 0.0);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private PinnedHttpClient http(WebhookTargetGuard guard) {
    return new PinnedHttpClient(guard, Duration.ofSeconds(2), settings.requestTimeout());
  }

  private String publish(WebhookSubscription subscription) {
    Event event = Event.of(EventType.FILE_UPLOADED, "app-1", T0, Map.of("fileId", "f-1"));
    new OutboxEventPublisher(subscriptions, outbox, new ObjectMapper(), clock).publish(event);
    return WebhookOutbox.deliveryId(event.id(), subscription.id());
  }

  private static URI closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
    }
  }

  @Test
  void anUnreachableReceiverIsRetriedAfterTheBackoffThenFailed() throws Exception {
    WebhookSubscription sub =
        subscriptions.create("app-1", closedPort(), Set.of(EventType.FILE_UPLOADED));
    String id = publish(sub);

    assertEquals(1, dispatcher.dispatchDue());
    Delivery afterFirst = outbox.find(id).orElseThrow();
    assertEquals(Delivery.Status.PENDING, afterFirst.status());
    assertEquals(1, afterFirst.attempts());
    assertEquals(T0.plusSeconds(10), afterFirst.nextAttemptAt());
    assertTrue(afterFirst.lastError().contains("ConnectException"), afterFirst.lastError());
    assertEquals(0, dispatcher.dispatchDue(), "not due before its next attempt");

    Clock later = Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC);
    WebhookDispatcher laterDispatcher =
        new WebhookDispatcher(
            outbox, subscriptions, http(new WebhookTargetGuard(false, List.of("127.0.0.0/8"))), settings, later, () -> 0.0);
    assertEquals(1, laterDispatcher.dispatchDue());
    Delivery failed = outbox.find(id).orElseThrow();
    assertEquals(Delivery.Status.FAILED, failed.status());
    assertEquals(2, failed.attempts());
    assertEquals(id, outbox.failed("app-1").get(0).id());
  }

  @Test
  void aDeliveryForADeletedSubscriptionFailsWithTheReason() throws Exception {
    WebhookSubscription sub =
        subscriptions.create("app-1", closedPort(), Set.of(EventType.FILE_UPLOADED));
    String id = publish(sub);
    assertTrue(subscriptions.delete(sub.id()));

    assertEquals(1, dispatcher.dispatchDue());
    Delivery failed = outbox.find(id).orElseThrow();
    assertEquals(Delivery.Status.FAILED, failed.status());
    assertEquals("subscription was deleted", failed.lastError());
  }

  @Test
  void aHostThatNowResolvesToABlockedAddressFailsAtOnceWithoutConnecting() throws Exception {
    // Checked at subscription (127.0.0.1), rebound to the metadata service before the delivery.
    java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    WebhookTargetGuard guard = new WebhookTargetGuard(false, List.of("127.0.0.0/8"), host -> new InetAddress[] {
        InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "169.254.169.254")});
    URI url = URI.create("http://hooks.example.test:8080/hook");
    guard.check(url);
    WebhookSubscription sub = subscriptions.create("app-1", url, Set.of(EventType.FILE_UPLOADED));
    String id = publish(sub);
    WebhookDispatcher guarded =
        new WebhookDispatcher(outbox, subscriptions, http(guard), settings, clock, () -> 0.0);
    assertEquals(1, guarded.dispatchDue());
    Delivery failed = outbox.find(id).orElseThrow();
    assertEquals(Delivery.Status.FAILED, failed.status(), "refused targets are not retried");
    assertEquals(1, failed.attempts());
    assertTrue(failed.lastError().startsWith("blocked: webhook host 'hooks.example.test' resolves to "
        + "169.254.169.254"), failed.lastError());
  }

  @Test
  void theDeliveryConnectsToTheCheckedAddressAndStillNamesTheHost() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    java.util.concurrent.BlockingQueue<String> hosts = new java.util.concurrent.LinkedBlockingQueue<>();
    server.createContext("/hook", exchange -> {
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      // The name is only known to the guard's resolver: nothing else could have resolved it.
      WebhookTargetGuard guard = new WebhookTargetGuard(false, List.of("127.0.0.0/8"),
          host -> host.equals("receiver.example.test") ? new InetAddress[] {InetAddress.getByName("127.0.0.1")}
              : new InetAddress[0]);
      WebhookSubscription sub = subscriptions.create(
          "app-1", URI.create("http://receiver.example.test:" + port + "/hook"), Set.of(EventType.FILE_UPLOADED));
      String id = publish(sub);
      assertEquals(1, new WebhookDispatcher(outbox, subscriptions, http(guard), settings, clock, () -> 0.0)
          .dispatchDue());
      assertEquals(Delivery.Status.DELIVERED, outbox.find(id).orElseThrow().status());
      assertEquals("receiver.example.test:" + port, hosts.poll(10, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      server.stop(0);
    }
  }
}
