package io.tapline.sfu.conversation;

import io.micrometer.core.instrument.Counter;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.ConversationEvent.RecordingAction;
import io.tapline.sfu.conversation.ConversationException.Failure;
import io.tapline.sfu.media.MediaConnection;
import io.tapline.sfu.media.MediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.tap.TapRecording;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation: participants, their tracks and subscriptions, its recording. Keeps the media
 * plane in step with that state. Every operation runs under the conversation's lock and emits its
 * events before returning, so observers and the recording see them in order. Obtained from {@link
 * ConversationRegistry}; this class does no permission checks (the caller does, by role).
 */
public final class Conversation {
  private static final Logger log = LoggerFactory.getLogger(Conversation.class);

  private final String id;
  private final MediaPlane media;
  private final Clock clock;
  private final ConversationConfig config;
  private final TaskScheduler scheduler;
  private final List<ConversationObserver> observers;
  private final Consumer<Conversation> onEnded;
  private final Counter recordingEventFailures;
  private final Instant createdAt;

  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Map<String, Set<String>> subscriptions = new LinkedHashMap<>();
  private boolean announced;
  private boolean ended;
  private boolean hadParticipants;
  private TaskScheduler.Cancellable emptyTimer;
  private String activeSpeaker;
  private ConversationRecording recording;

  Conversation(
      String id,
      MediaPlane media,
      Clock clock,
      ConversationConfig config,
      TaskScheduler scheduler,
      List<ConversationObserver> observers,
      Consumer<Conversation> onEnded,
      Counter recordingEventFailures) {
    this.id = id;
    this.media = media;
    this.clock = clock;
    this.config = config;
    this.scheduler = scheduler;
    this.observers = observers;
    this.onEnded = onEnded;
    this.recordingEventFailures = recordingEventFailures;
    this.createdAt = clock.instant();
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  public synchronized ConversationSnapshot snapshot() {
    return new ConversationSnapshot(
        id, new ArrayList<>(participants.values()), new ArrayList<>(tracks.values()), recording(), ended);
  }

  /**
   * Adds a participant. If the same participant is already present (a reconnect), the old presence
   * leaves first with {@link LeaveReason#REPLACED}.
   */
  public synchronized Participant join(String participantId, String displayName, Role role) {
    return join(participantId, displayName, role, null);
  }

  /**
   * Like {@link #join(String, String, Role)}; {@code onJoined} runs with the state right after the
   * join, still under the lock, so nothing can happen in between (signaling sends the joiner its
   * view of the conversation there, before any later event).
   */
  public synchronized Participant join(
      String participantId, String displayName, Role role, Consumer<ConversationSnapshot> onJoined) {
    checkOpen();
    if (participants.containsKey(participantId)) {
      removeParticipant(participantId, LeaveReason.REPLACED);
    }
    cancelEmptyTimer();
    Participant p = new Participant(participantId, displayName, role, clock.instant());
    participants.put(participantId, p);
    hadParticipants = true;
    emit(new ConversationEvent.ParticipantJoined(p));
    if (onJoined != null) {
      onJoined.accept(snapshot());
    }
    return p;
  }

  /** Runs {@code action} under this conversation's lock, atomically with respect to its events. */
  public synchronized void runLocked(Runnable action) {
    action.run();
  }

  /** Removes a participant, unpublishing their tracks and ending their subscriptions. */
  public synchronized void leave(String participantId, LeaveReason reason) {
    if (ended || !participants.containsKey(participantId)) {
      throw new ConversationException(Failure.UNKNOWN_PARTICIPANT, "participant " + participantId + " is not in " + id);
    }
    removeParticipant(participantId, reason);
    if (participants.isEmpty()) {
      startEmptyTimer();
    }
  }

  public synchronized PublishEndpoint publish(TrackSpec spec) {
    return publish(spec, null);
  }

  /**
   * Publishes a track; with a {@code connection} (WebRTC) its packets arrive over that connection
   * and the returned endpoint is null.
   */
  public synchronized PublishEndpoint publish(TrackSpec spec, MediaConnection connection) {
    checkOpen();
    requireParticipant(spec.participantId());
    if (!id.equals(spec.conversationId())) {
      throw new IllegalArgumentException("track of conversation " + spec.conversationId() + " published in " + id);
    }
    if (tracks.containsKey(spec.trackId())) {
      throw new ConversationException(Failure.CONFLICT, "track " + spec.trackId() + " is already published");
    }
    PublishEndpoint endpoint;
    try {
      if (connection == null) {
        endpoint = media.publish(spec);
      } else {
        media.publish(spec, connection);
        endpoint = null;
      }
    } catch (RuntimeException e) {
      throw new ConversationException(Failure.MEDIA_FAILURE, "media plane refused track " + spec.trackId(), e);
    }
    Track track = new Track(spec, false, clock.instant());
    tracks.put(spec.trackId(), track);
    emit(new ConversationEvent.TrackPublished(track));
    return endpoint;
  }

  public synchronized void unpublish(String trackId, String actorId) {
    checkOpen();
    removeTrack(requireTrack(trackId), actorId);
  }

  public synchronized void subscribe(String subscriberId, String trackId, SubscribeOptions options) {
    checkOpen();
    requireParticipant(subscriberId);
    requireTrack(trackId);
    Set<String> mine = subscriptions.computeIfAbsent(subscriberId, k -> new LinkedHashSet<>());
    if (mine.contains(trackId)) {
      throw new ConversationException(Failure.CONFLICT, subscriberId + " is already subscribed to " + trackId);
    }
    try {
      media.subscribe(id, subscriberId, trackId, options);
    } catch (RuntimeException e) {
      throw new ConversationException(Failure.MEDIA_FAILURE, "media plane refused subscription to " + trackId, e);
    }
    mine.add(trackId);
  }

  public synchronized void unsubscribe(String subscriberId, String trackId) {
    checkOpen();
    requireParticipant(subscriberId);
    Set<String> mine = subscriptions.get(subscriberId);
    if (mine == null || !mine.remove(trackId)) {
      throw new ConversationException(Failure.UNKNOWN_TRACK, subscriberId + " is not subscribed to " + trackId);
    }
    media.unsubscribe(id, subscriberId, trackId);
  }

  public synchronized Set<String> subscriptionsOf(String participantId) {
    return Set.copyOf(subscriptions.getOrDefault(participantId, Set.of()));
  }

  /** Mutes or unmutes a track; a no-op (no event) if it already is in that state. */
  public synchronized Track setMuted(String trackId, boolean muted, String actorId) {
    checkOpen();
    Track track = requireTrack(trackId);
    if (track.muted() == muted) {
      return track;
    }
    media.setMuted(id, trackId, muted);
    Track changed = track.withMuted(muted);
    tracks.put(trackId, changed);
    emit(new ConversationEvent.TrackMuteChanged(changed, actorId));
    return changed;
  }

  public synchronized Track track(String trackId) {
    return tracks.get(trackId);
  }

  public synchronized Participant participant(String participantId) {
    return participants.get(participantId);
  }

  /** From the media plane; repeated or unknown speakers are ignored. */
  synchronized void activeSpeakerChanged(String participantId) {
    if (ended || !participants.containsKey(participantId) || participantId.equals(activeSpeaker)) {
      return;
    }
    activeSpeaker = participantId;
    emit(new ConversationEvent.ActiveSpeakerChanged(participantId));
  }

  // ---- recording ----

  /**
   * Starts a recording with {@code starter} (which starts the tap), logs the current state into it
   * and from then on every event.
   */
  synchronized RecordingStatus startRecording(Supplier<TapRecording> starter, Path directory, String actorId) {
    checkOpen();
    if (recording != null && recording.isActive()) {
      throw new ConversationException(
          Failure.INVALID_STATE, id + " is already being recorded (" + recording.recordingId() + ")");
    }
    TapRecording tap;
    try {
      tap = starter.get();
    } catch (RuntimeException e) {
      throw new ConversationException(Failure.MEDIA_FAILURE, "the tap could not start recording " + id, e);
    }
    recording = new ConversationRecording(tap, directory, clock.instant(), recordingEventFailures);
    recording.writeState(participants.values(), tracks.values());
    return emitRecording(RecordingAction.STARTED, actorId);
  }

  /** Pauses, resumes or stops the recording. */
  synchronized RecordingStatus changeRecording(RecordingAction action, String actorId) {
    checkOpen();
    if (recording == null) {
      throw new ConversationException(Failure.INVALID_STATE, id + " has not been recorded");
    }
    recording.apply(action, id);
    return emitRecording(action, actorId);
  }

  /** The current or last recording, null if none was ever started. */
  public synchronized RecordingStatus recording() {
    return recording == null ? null : recording.status();
  }

  // ---- ending ----

  /**
   * Ends the conversation: everyone leaves (tracks unpublished), a running recording stops, then
   * {@link ConversationEvent.Ended}. Idempotent.
   */
  public synchronized void end(EndReason reason) {
    if (ended) {
      return;
    }
    cancelEmptyTimer();
    for (String participantId : new ArrayList<>(participants.keySet())) {
      removeParticipant(participantId, LeaveReason.CONVERSATION_ENDED);
    }
    if (recording != null && recording.isActive()) {
      try {
        recording.apply(RecordingAction.STOPPED, id);
      } catch (ConversationException e) {
        log.error("Stopping recording {} of ending conversation {} failed", recording.recordingId(), id, e);
      }
      emitRecording(RecordingAction.STOPPED, null);
    }
    ended = true;
    emit(new ConversationEvent.Ended(reason));
    log.info("Conversation {} ended ({})", id, reason.wireName());
    onEnded.accept(this);
  }

  /** The registry announces a conversation once; whichever comes first, creation or a join. */
  synchronized void announceStarted() {
    if (!announced) {
      announced = true;
      emit(new ConversationEvent.Started());
    }
  }

  private void startEmptyTimer() {
    if (!hadParticipants || emptyTimer != null) {
      return;
    }
    emptyTimer = scheduler.schedule(config.emptyGrace(), this::endIfStillEmpty);
  }

  private synchronized void endIfStillEmpty() {
    emptyTimer = null;
    if (participants.isEmpty()) {
      end(EndReason.EMPTY);
    }
  }

  private void cancelEmptyTimer() {
    if (emptyTimer != null) {
      emptyTimer.cancel();
      emptyTimer = null;
    }
  }

  private void removeParticipant(String participantId, LeaveReason reason) {
    Set<String> mine = subscriptions.remove(participantId);
    if (mine != null) {
      for (String trackId : mine) {
        safely(() -> media.unsubscribe(id, participantId, trackId), "unsubscribe " + participantId);
      }
    }
    for (Track t : new ArrayList<>(tracks.values())) {
      if (t.participantId().equals(participantId)) {
        removeTrack(t, participantId);
      }
    }
    if (participantId.equals(activeSpeaker)) {
      activeSpeaker = null;
    }
    Participant p = participants.remove(participantId);
    emit(new ConversationEvent.ParticipantLeft(p, reason));
  }

  private void removeTrack(Track track, String actorId) {
    safely(() -> media.unpublish(id, track.trackId()), "unpublish " + track.trackId());
    tracks.remove(track.trackId());
    // The media plane ends the subscriptions of an unpublished track itself.
    subscriptions.values().forEach(s -> s.remove(track.trackId()));
    emit(new ConversationEvent.TrackUnpublished(track, actorId));
  }

  private RecordingStatus emitRecording(RecordingAction action, String actorId) {
    RecordingStatus status = recording.status();
    emit(new ConversationEvent.RecordingChanged(action, status, actorId));
    return status;
  }

  private void emit(ConversationEvent event) {
    if (!announced && !(event instanceof ConversationEvent.Started)) {
      announceStarted();
    }
    if (recording != null) {
      recording.write(event);
    }
    for (ConversationObserver o : observers) {
      try {
        o.onEvent(this, event);
      } catch (RuntimeException e) {
        log.warn("Observer {} failed on {} in conversation {}", o, event.getClass().getSimpleName(), id, e);
      }
    }
  }

  private void checkOpen() {
    if (ended) {
      throw new ConversationException(Failure.CONVERSATION_ENDED, "conversation " + id + " has ended");
    }
  }

  private void requireParticipant(String participantId) {
    if (!participants.containsKey(participantId)) {
      throw new ConversationException(Failure.UNKNOWN_PARTICIPANT, "participant " + participantId + " is not in " + id);
    }
  }

  private Track requireTrack(String trackId) {
    Track t = tracks.get(trackId);
    if (t == null) {
      throw new ConversationException(Failure.UNKNOWN_TRACK, "no track " + trackId + " in " + id);
    }
    return t;
  }

  private void safely(Runnable action, String what) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // Cleanup must go on for the other tracks; the media plane logs its own side.
      log.warn("Conversation {}: {} failed: {}", id, what, e.toString());
    }
  }
}
