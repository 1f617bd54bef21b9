package io.tapline.sfu.conversation;

import io.micrometer.core.instrument.Counter;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.sfu.conversation.ConversationEvent.ActiveSpeakerChanged;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantJoined;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantLeft;
import io.tapline.sfu.conversation.ConversationEvent.TrackMuteChanged;
import io.tapline.sfu.conversation.ConversationEvent.TrackPublished;
import io.tapline.sfu.conversation.ConversationEvent.TrackUnpublished;
import io.tapline.sfu.tap.TapRecording;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a conversation's state and then its events into a recording's event log. Recording
 * lifecycle events (started, paused...) are written by the tap itself. A failing write is logged
 * and counted; it never fails the conversation.
 */
final class RecordingEventWriter {
  private static final Logger log = LoggerFactory.getLogger(RecordingEventWriter.class);

  private final TapRecording recording;
  private final Counter failures;

  RecordingEventWriter(TapRecording recording, Counter failures) {
    this.recording = recording;
    this.failures = failures;
  }

  /** The state at start, so the recording is self-contained without the events before it. */
  void writeState(Collection<Participant> participants, Collection<Track> tracks) {
    for (Participant p : participants) {
      write(EventType.PARTICIPANT_JOINED, p.id(), null, participantAttributes(p));
    }
    for (Track t : tracks) {
      write(EventType.TRACK_PUBLISHED, t.participantId(), t.trackId(), trackAttributes(t));
      if (t.muted()) {
        write(EventType.TRACK_MUTED, t.participantId(), t.trackId(), Map.of());
      }
      if (t.isScreen()) {
        write(EventType.SCREEN_SHARE_STARTED, t.participantId(), t.trackId(), Map.of());
      }
    }
  }

  void write(ConversationEvent event) {
    if (event instanceof ParticipantJoined e) {
      write(EventType.PARTICIPANT_JOINED, e.participant().id(), null, participantAttributes(e.participant()));
    } else if (event instanceof ParticipantLeft e) {
      write(EventType.PARTICIPANT_LEFT, e.participant().id(), null, Map.of("reason", e.reason().wireName()));
    } else if (event instanceof TrackPublished e) {
      Track t = e.track();
      write(EventType.TRACK_PUBLISHED, t.participantId(), t.trackId(), trackAttributes(t));
      if (t.isScreen()) {
        write(EventType.SCREEN_SHARE_STARTED, t.participantId(), t.trackId(), Map.of());
      }
    } else if (event instanceof TrackUnpublished e) {
      Track t = e.track();
      if (t.isScreen()) {
        write(EventType.SCREEN_SHARE_STOPPED, t.participantId(), t.trackId(), Map.of());
      }
      write(EventType.TRACK_UNPUBLISHED, t.participantId(), t.trackId(), Map.of());
    } else if (event instanceof TrackMuteChanged e) {
      Track t = e.track();
      Map<String, String> attributes = e.actorId() == null ? Map.of() : Map.of("by", e.actorId());
      write(t.muted() ? EventType.TRACK_MUTED : EventType.TRACK_UNMUTED, t.participantId(), t.trackId(), attributes);
    } else if (event instanceof ActiveSpeakerChanged e) {
      write(EventType.ACTIVE_SPEAKER_CHANGED, e.participantId(), null, Map.of());
    }
  }

  private void write(EventType type, String participantId, String trackId, Map<String, String> attributes) {
    if (recording.state() == TapRecording.State.STOPPED) {
      return;
    }
    try {
      recording.event(type, participantId, trackId, attributes);
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("Recording {} could not log {} for participant {}: {}", recording.recordingId(), type, participantId,
          e.toString());
    }
  }

  private static Map<String, String> participantAttributes(Participant p) {
    Map<String, String> a = new HashMap<>();
    if (p.displayName() != null) {
      a.put("name", p.displayName());
    }
    a.put("role", p.role().wireName());
    return a;
  }

  private static Map<String, String> trackAttributes(Track t) {
    Map<String, String> a = new HashMap<>();
    a.put("kind", t.spec().kind());
    a.put("codec", t.spec().codec());
    if (t.spec().source() != null) {
      a.put("source", t.spec().source());
    }
    return a;
  }
}
