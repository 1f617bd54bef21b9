package io.tapline.jobs.webhook;

import io.tapline.jobs.event.EventType;
import java.util.List;
import java.util.Optional;

/** Where the outbox finds subscriptions. {@link JdbcWebhookSubscriptions} is the stored one. */
public interface SubscriptionDirectory {
  Optional<WebhookSubscription> find(String subscriptionId);

  /** The subscriptions of an application that want events of this type. */
  List<WebhookSubscription> matching(String applicationId, EventType type);
}
