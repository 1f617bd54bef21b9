package io.tapline.sfu.conversation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.media.MediaListener;
import io.tapline.sfu.media.MediaPlane;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live conversations of this node. A conversation is created ahead of time ({@link #plan}) or
 * by its first join, and removed when it ends. Thread-safe; each conversation has its own lock, so
 * one conversation's work or failure never holds up another.
 */
public final class ConversationRegistry {
  private static final Logger log = LoggerFactory.getLogger(ConversationRegistry.class);

  private final MediaPlane media;
  private final ConversationConfig config;
  private final Clock clock;
  private final TaskScheduler scheduler;
  private final ConcurrentMap<String, Conversation> conversations = new ConcurrentHashMap<>();
  private final List<ConversationObserver> observers = new CopyOnWriteArrayList<>();
  private final Counter recordingEventFailures;

  public ConversationRegistry(
      MediaPlane media, ConversationConfig config, Clock clock, TaskScheduler scheduler, MeterRegistry meters) {
    this.media = Objects.requireNonNull(media, "media");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.recordingEventFailures = Counter.builder("tapline.recording.event.failures")
        .description("Conversation events that could not be written to a recording's event log")
        .register(meters);
    Gauge.builder("tapline.conversations.active", conversations, java.util.Map::size)
        .description("Conversations live on this node")
        .register(meters);
    media.addListener(new MediaListener() {
      @Override
      public void activeSpeakerChanged(String conversationId, String participantId) {
        find(conversationId).ifPresent(c -> c.activeSpeakerChanged(participantId));
      }
    });
  }

  /** Every event of every conversation, in order per conversation. */
  public void addObserver(ConversationObserver observer) {
    observers.add(observer);
  }

  public void addListener(ConversationListener listener) {
    observers.add(new ListenerBridge(listener));
  }

  /** Creates a conversation ahead of its first join; returns the live one if it exists. */
  public Conversation plan(String conversationId) {
    if (!TokenClaims.isValidId(conversationId)) {
      throw new IllegalArgumentException("conversation id must match [A-Za-z0-9._-]{1,64}: " + conversationId);
    }
    Conversation live = conversations.get(conversationId);
    if (live != null) {
      return live;
    }
    Conversation created = new Conversation(
        conversationId, media, clock, config, scheduler, observers, this::remove, recordingEventFailures);
    Conversation existing = conversations.putIfAbsent(conversationId, created);
    if (existing != null) {
      return existing;
    }
    log.info("Conversation {} started", conversationId);
    created.announceStarted();
    return created;
  }

  public Optional<Conversation> find(String conversationId) {
    return Optional.ofNullable(conversationId == null ? null : conversations.get(conversationId));
  }

  public Conversation require(String conversationId) {
    return find(conversationId).orElseThrow(() -> new ConversationException(
        ConversationException.Failure.UNKNOWN_CONVERSATION, "no live conversation " + conversationId));
  }

  /** Joins, creating the conversation if needed (or again, if it ended just now). */
  public Conversation join(String conversationId, String participantId, String displayName, Role role) {
    return join(conversationId, participantId, displayName, role, null);
  }

  /** See {@link Conversation#join(String, String, Role, Consumer)}. */
  public Conversation join(
      String conversationId,
      String participantId,
      String displayName,
      Role role,
      Consumer<ConversationSnapshot> onJoined) {
    while (true) {
      Conversation c = plan(conversationId);
      try {
        c.join(participantId, displayName, role, onJoined);
        return c;
      } catch (ConversationException e) {
        if (e.failure() != ConversationException.Failure.CONVERSATION_ENDED) {
          throw e;
        }
        // Lost a race with the end of the previous conversation of that id: start a new one.
        conversations.remove(conversationId, c);
      }
    }
  }

  /** Ends a conversation if it is live. */
  public boolean end(String conversationId, EndReason reason) {
    Optional<Conversation> c = find(conversationId);
    c.ifPresent(conversation -> conversation.end(reason));
    return c.isPresent();
  }

  public Collection<Conversation> conversations() {
    return List.copyOf(conversations.values());
  }

  private void remove(Conversation conversation) {
    conversations.remove(conversation.id(), conversation);
  }
}
