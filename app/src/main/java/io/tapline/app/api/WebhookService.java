package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CreateWebhook;
import io.tapline.app.api.ApiModels.DeliveryView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.WebhookView;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.webhook.BlockedTargetException;
import io.tapline.jobs.webhook.Delivery;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import io.tapline.jobs.webhook.WebhookOutbox;
import io.tapline.jobs.webhook.WebhookSubscription;
import io.tapline.jobs.webhook.WebhookTargetGuard;
import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook subscriptions of an application and their deliveries, over the jobs module's store
 * ({@code jobs_webhook_subscription}, the one place subscriptions live) and outbox.
 */
public final class WebhookService {
  private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
  static final int MAX_URL = 2000;
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 200;
  static final int MAX_PER_APPLICATION = 50;
  static final Pattern WEBHOOK_ID = Pattern.compile("whs-[0-9a-f-]{36}");
  static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]+");

  private final JdbcWebhookSubscriptions subscriptions;
  private final WebhookOutbox outbox;
  private final WebhookTargetGuard guard;

  public WebhookService(JdbcWebhookSubscriptions subscriptions, WebhookOutbox outbox, WebhookTargetGuard guard) {
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.guard = guard;
  }

  /** Subscribes; the answer carries the signing secret, this once. */
  public WebhookView create(String app, CreateWebhook b) {
    if (b == null) {
      throw ApiException.invalid("a JSON body is required: {\"url\": \"https://...\", "
          + "\"eventTypes\": [\"recording.ready\"]}");
    }
    URI url = url(b.url());
    Set<EventType> types = eventTypes(b.eventTypes());
    target(url);
    if (b.secret() != null && (b.secret().length() < MIN_SECRET || b.secret().length() > MAX_SECRET
        || !SECRET.matcher(b.secret()).matches())) {
      throw ApiException.invalid("secret must be " + MIN_SECRET + "-" + MAX_SECRET
          + " printable ASCII characters without spaces (or omit it to get a generated one)");
    }
    if (subscriptions.count(app) >= MAX_PER_APPLICATION) {
      throw ApiException.conflict("application '" + app + "' has " + MAX_PER_APPLICATION
          + " webhooks already; delete one first");
    }
    WebhookSubscription s = b.secret() == null ? subscriptions.create(app, url, types)
        : subscriptions.create(app, url, types, b.secret());
    log.info("webhook {} of {} subscribed {} to {}", s.id(), app, s.url(), s.eventTypes());
    return view(s, true);
  }

  public PageView<WebhookView> list(String app, PageRequest page) {
    Page<WebhookSubscription> mine = subscriptions.list(app, page); // paged in the database
    return new PageView<>(mine.items().stream().map(s -> view(s, false)).toList(), page.offset(), page.limit(),
        mine.total());
  }

  public void delete(String app, String webhookId) {
    owned(app, webhookId);
    subscriptions.delete(webhookId);
    log.info("webhook {} of {} deleted", webhookId, app);
  }

  /** Deliveries of one webhook, newest first; {@code status} pending, delivered or failed. */
  public PageView<DeliveryView> deliveries(String app, String webhookId, String status, PageRequest page) {
    owned(app, webhookId);
    Delivery.Status s = null;
    if (status != null) {
      try {
        s = Delivery.Status.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("status must be one of pending, delivered, failed; got '" + status + "'");
      }
    }
    List<DeliveryView> items = outbox.listForSubscription(webhookId, s, page.offset(), page.limit()).stream()
        .map(d -> new DeliveryView(d.id(), d.eventId(), d.eventType(), d.status().name().toLowerCase(Locale.ROOT),
            d.attempts(), d.status() == Delivery.Status.PENDING ? d.nextAttemptAt() : null,
            d.lastStatusCode() == 0 ? null : d.lastStatusCode(), d.lastError()))
        .toList();
    return new PageView<>(items, page.offset(), page.limit(), outbox.countForSubscription(webhookId, s));
  }

  private WebhookSubscription owned(String app, String webhookId) {
    ApiException notFound = ApiException.notFound("no webhook '" + webhookId + "' in application '" + app + "'");
    if (webhookId == null || !WEBHOOK_ID.matcher(webhookId).matches()) {
      throw notFound;
    }
    return subscriptions.find(webhookId).filter(s -> s.applicationId().equals(app)).orElseThrow(() -> notFound);
  }

  /** An absolute http(s) URL with a host, no user info and no fragment. */
  static URI url(String text) {
    if (text == null || text.isBlank() || text.length() > MAX_URL) {
      throw ApiException.invalid("url is required: an http or https URL of at most " + MAX_URL + " characters");
    }
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw ApiException.invalid("url is not a valid URI: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.invalid("url must be http or https, got '" + text + "'");
    }
    if (u.getHost() == null || u.getHost().isBlank()) {
      throw ApiException.invalid("url needs a host name, got '" + text + "'");
    }
    if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
      throw ApiException.invalid("url must not carry user info or a fragment");
    }
    return u;
  }

  /** The host must resolve, and only to addresses deliveries may reach (checked again at each delivery). */
  private void target(URI url) {
    try {
      guard.check(url);
    } catch (BlockedTargetException e) {
      log.info("webhook url {} refused: {}", url, e.getMessage());
      throw ApiException.invalid("url is not allowed: " + e.getMessage()
          + "; webhooks must reach a public address (an operator can allow networks with "
          + "tapline.jobs.webhooks.allowed-networks)");
    } catch (UnknownHostException e) {
      throw ApiException.invalid("url host '" + url.getHost() + "' does not resolve; check the name");
    }
  }

  static Set<EventType> eventTypes(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw ApiException.invalid("eventTypes is required: one or more of " + known());
    }
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String n : names) {
      if (n == null) {
        throw ApiException.invalid("eventTypes must not contain null");
      }
      try {
        types.add(EventType.fromWireName(n));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("unknown event type '" + n + "'; known: " + known());
      }
    }
    return types;
  }

  private static List<String> known() {
    return Arrays.stream(EventType.values()).map(EventType::wireName).sorted().toList();
  }

  static WebhookView view(WebhookSubscription s, boolean withSecret) {
    return new WebhookView(s.id(), s.url().toString(), s.eventTypes().stream().map(EventType::wireName).sorted()
        .toList(), s.createdAt(), withSecret ? s.secret() : null);
  }
}
