package io.tapline.sfu.conversation;

import java.time.Duration;

/**
 * Settings of the conversation layer.
 *
 * @param emptyGrace how long a conversation that has become empty waits for someone to come back
 *     before it ends
 */
public record ConversationConfig(Duration emptyGrace) {
  public static final Duration DEFAULT_EMPTY_GRACE = Duration.ofSeconds(60);

  public ConversationConfig {
    if (emptyGrace == null) {
      emptyGrace = DEFAULT_EMPTY_GRACE;
    }
    if (emptyGrace.isNegative()) {
      throw new IllegalArgumentException("emptyGrace must not be negative: " + emptyGrace);
    }
  }

  public static ConversationConfig defaults() {
    return new ConversationConfig(DEFAULT_EMPTY_GRACE);
  }
}
