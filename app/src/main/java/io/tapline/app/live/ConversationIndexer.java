package io.tapline.app.live;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.event.EventType;
import io.tapline.sfu.conversation.ConversationListener;
import io.tapline.sfu.conversation.EndReason;
import io.tapline.sfu.conversation.LeaveReason;
import io.tapline.sfu.conversation.Participant;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.storage.index.ConversationEvent;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.Recording;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what happens in live conversations to the index (participants, events, recordings) and
 * publishes it as webhook events to the conversation's application. The registry calls it while a
 * conversation is locked, so it only takes the time and queues; one worker thread does the writes,
 * in order.
 */
public final class ConversationIndexer implements ConversationListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConversationIndexer.class);

  private final IndexDatabase index;
  private final OwnershipRepository owners;
  private final EventPublisher events;
  private final Clock clock;
  private final RecordingNodes nodes; // null: the node of a recording is not recorded
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "conversation-indexer");
    t.setDaemon(true);
    return t;
  });

  public ConversationIndexer(IndexDatabase index, OwnershipRepository owners, EventPublisher events, Clock clock) {
    this(index, owners, events, clock, null);
  }

  /** @param nodes where the node that captures each recording is written when it starts */
  public ConversationIndexer(IndexDatabase index, OwnershipRepository owners, EventPublisher events, Clock clock,
      RecordingNodes nodes) {
    this.index = index;
    this.owners = owners;
    this.events = events;
    this.clock = clock;
    this.nodes = nodes;
  }

  @Override
  public void conversationStarted(String conversationId) {
    Instant at = clock.instant();
    submit(() -> {
      var repo = index.conversations();
      var existing = repo.find(conversationId);
      if (existing.isEmpty()) {
        // Created by a first join: the owner was claimed from the join token's application
        // (SignalingConfiguration), and the batch jobs read it from the configuration.
        String config = owners.owner(conversationId).map(ConversationIndexer::ownerConfiguration).orElse(null);
        repo.save(conversationId, conversationId, ConversationStatus.ACTIVE, null, null, config, at);
      } else if (existing.get().status() == ConversationStatus.ENDED) {
        // A join after the end starts the conversation again under the same id (docs/signaling.md).
        repo.changeStatus(conversationId, ConversationStatus.ACTIVE, "restarted", at);
      }
      addEvent(conversationId, at, EventType.CONVERSATION_STARTED, null, null);
      publish(conversationId, EventType.CONVERSATION_STARTED, at, Map.of());
    });
  }

  @Override
  public void conversationEnded(String conversationId, EndReason reason) {
    Instant at = clock.instant();
    submit(() -> {
      if (index.conversations().find(conversationId).isPresent()) {
        index.conversations().changeStatus(conversationId, ConversationStatus.ENDED, reason.wireName(), at);
      }
      addEvent(conversationId, at, EventType.CONVERSATION_ENDED, null, reason.wireName());
      publish(conversationId, EventType.CONVERSATION_ENDED, at, Map.of("reason", reason.wireName()));
    });
  }

  @Override
  public void participantJoined(String conversationId, Participant p) {
    Instant at = clock.instant();
    submit(() -> {
      index.conversations().saveParticipant(new io.tapline.storage.index.Participant(
          conversationId, p.id(), p.displayName() == null ? "" : p.displayName(), p.role().wireName(),
          p.joinedAt(), null));
      index.conversations().find(conversationId)
          .filter(c -> c.status() == ConversationStatus.PLANNED)
          .ifPresent(c -> index.conversations().changeStatus(conversationId, ConversationStatus.ACTIVE, "joined", at));
      addEvent(conversationId, at, EventType.PARTICIPANT_JOINED, p.id(), null);
      publish(conversationId, EventType.PARTICIPANT_JOINED, at,
          Map.of("participantId", p.id(), "role", p.role().wireName()));
    });
  }

  @Override
  public void participantLeft(String conversationId, Participant p, LeaveReason reason) {
    Instant at = clock.instant();
    submit(() -> {
      index.conversations().saveParticipant(new io.tapline.storage.index.Participant(
          conversationId, p.id(), p.displayName() == null ? "" : p.displayName(), p.role().wireName(),
          p.joinedAt(), at));
      addEvent(conversationId, at, EventType.PARTICIPANT_LEFT, p.id(), reason.wireName());
      publish(conversationId, EventType.PARTICIPANT_LEFT, at,
          Map.of("participantId", p.id(), "reason", reason.wireName()));
    });
  }

  @Override
  public void recordingStarted(String conversationId, RecordingStatus r) {
    recording(conversationId, r, EventType.RECORDING_STARTED);
  }

  @Override
  public void recordingPaused(String conversationId, RecordingStatus r) {
    recording(conversationId, r, EventType.RECORDING_PAUSED);
  }

  @Override
  public void recordingResumed(String conversationId, RecordingStatus r) {
    recording(conversationId, r, EventType.RECORDING_RESUMED);
  }

  @Override
  public void recordingStopped(String conversationId, RecordingStatus r) {
    recording(conversationId, r, EventType.RECORDING_STOPPED);
  }

  private void recording(String conversationId, RecordingStatus r, EventType type) {
    Instant at = clock.instant();
    submit(() -> {
      RecordingRows.save(index, conversationId, r, at);
      if (type == EventType.RECORDING_STARTED && nodes != null) {
        nodes.claim(r.recordingId(), at);
      }
      switch (type) {
        case RECORDING_PAUSED -> index.recordings().pause(r.recordingId(), at);
        case RECORDING_RESUMED, RECORDING_STOPPED -> index.recordings().resume(r.recordingId(), at);
        default -> { }
      }
      addEvent(conversationId, at, type, null, r.recordingId());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("recordingId", r.recordingId());
      data.put("state", r.state().name().toLowerCase());
      publish(conversationId, type, at, data);
    });
  }

  /**
   * A recording whose capture a crash interrupted was closed ({@code InterruptedRecordings}):
   * its row STOPPED at {@code end} (the last record captured; an open pause ends there too), the
   * conversation event and {@code recording.stopped} with {@code reason=interrupted}. Queued like
   * the rest; {@link #flush} waits for it.
   */
  public void recordingInterrupted(String conversationId, String recordingId, Instant end,
      Instant detectedAt) {
    submit(() -> {
      Recording existing = index.recordings().find(recordingId).orElse(null);
      Instant startedAt = existing == null ? end : existing.startedAt();
      index.recordings().save(new Recording(recordingId, conversationId,
          io.tapline.storage.index.RecordingStatus.STOPPED, startedAt, end, null,
          existing == null ? null : existing.manifestKey(),
          existing == null ? null : existing.retainUntil()), detectedAt);
      index.recordings().resume(recordingId, end);
      addEvent(conversationId, end, EventType.RECORDING_STOPPED, null, recordingId);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("recordingId", recordingId);
      data.put("state", "stopped");
      data.put("reason", "interrupted");
      data.put("stoppedAt", end.toString());
      data.put("detectedAt", detectedAt.toString());
      publish(conversationId, EventType.RECORDING_STOPPED, end, data);
    });
  }

  /** The configuration of a conversation a join created: only its owning application. */
  static String ownerConfiguration(String applicationId) {
    return "{\"applicationId\":\"" + applicationId + "\"}"; // ids are [A-Za-z0-9._-]
  }

  private void addEvent(String conversationId, Instant at, EventType type, String participantId, String body) {
    index.conversations().addEvent(new ConversationEvent(conversationId, at, type.wireName(), participantId, body));
  }

  private void publish(String conversationId, EventType type, Instant at, Map<String, Object> data) {
    owners.owner(conversationId).ifPresent(app -> {
      Map<String, Object> d = new LinkedHashMap<>(data);
      d.put("conversationId", conversationId);
      events.publish(Event.of(type, app, at, d));
    });
  }

  private void submit(Runnable task) {
    worker.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("Could not index or publish a conversation event", e);
      }
    });
  }

  /** Waits until everything queued so far is written (tests, shutdown). */
  public void flush() throws InterruptedException {
    try {
      worker.submit(() -> { }).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }
}
