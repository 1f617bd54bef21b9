package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationEvent;
import io.tapline.sfu.conversation.ConversationEvent.ActiveSpeakerChanged;
import io.tapline.sfu.conversation.ConversationEvent.Ended;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantJoined;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantLeft;
import io.tapline.sfu.conversation.ConversationEvent.RecordingChanged;
import io.tapline.sfu.conversation.ConversationEvent.TrackMuteChanged;
import io.tapline.sfu.conversation.ConversationEvent.TrackPublished;
import io.tapline.sfu.conversation.ConversationEvent.TrackUnpublished;
import io.tapline.sfu.conversation.ConversationObserver;
import io.tapline.sfu.conversation.LeaveReason;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the sessions of a conversation what happened in it. The participant whose request caused
 * an event got an answer instead and is skipped.
 */
final class EventBroadcaster implements ConversationObserver {
  private final ConnectionDirectory directory;
  private final Messages messages;

  EventBroadcaster(ConnectionDirectory directory, Messages messages) {
    this.directory = directory;
    this.messages = messages;
  }

  @Override
  public void onEvent(Conversation conversation, ConversationEvent event) {
    String conversationId = conversation.id();
    if (event instanceof Ended e) {
      endAll(conversationId, e);
      return;
    }
    if (event instanceof ParticipantLeft e) {
      if (e.reason() == LeaveReason.CONVERSATION_ENDED) {
        return; // everyone gets conversation-ended instead
      }
      if (e.reason() == LeaveReason.REMOVED) {
        disconnect(conversationId, e.participant().id());
      }
    }
    ObjectNode message = toMessage(event);
    if (message == null) {
      return;
    }
    for (Map.Entry<String, SignalingConnection> member : directory.members(conversationId).entrySet()) {
      if (!member.getKey().equals(event.actorId())) {
        member.getValue().send(message);
      }
    }
    if (event instanceof TrackUnpublished e) {
      // after the event: WebRTC subscribers get a new offer with the track's section inactive
      for (SignalingConnection c : directory.members(conversationId).values()) {
        WebRtcSession w = c.webrtc();
        if (w != null) {
          w.removed(e.track().trackId());
        }
      }
    }
  }

  private ObjectNode toMessage(ConversationEvent event) {
    if (event instanceof ParticipantJoined e) {
      ObjectNode m = messages.message("participant-joined");
      m.set("participant", messages.participant(e.participant()));
      return m;
    }
    if (event instanceof ParticipantLeft e) {
      return messages.message("participant-left")
          .put("participantId", e.participant().id())
          .put("reason", e.reason().wireName());
    }
    if (event instanceof TrackPublished e) {
      ObjectNode m = messages.message("track-published");
      m.set("track", messages.track(e.track()));
      return m;
    }
    if (event instanceof TrackUnpublished e) {
      return messages.message("track-unpublished")
          .put("trackId", e.track().trackId())
          .put("participantId", e.track().participantId());
    }
    if (event instanceof TrackMuteChanged e) {
      ObjectNode m = messages.message(e.track().muted() ? "muted" : "unmuted")
          .put("trackId", e.track().trackId())
          .put("participantId", e.track().participantId());
      if (e.actorId() != null) {
        m.put("by", e.actorId());
      }
      return m;
    }
    if (event instanceof ActiveSpeakerChanged e) {
      return messages.message("active-speaker").put("participantId", e.participantId());
    }
    if (event instanceof RecordingChanged e) {
      ObjectNode m = messages.message("recording-" + e.action().name().toLowerCase(Locale.ROOT));
      m.set("recording", messages.recording(e.status()));
      return m;
    }
    return null;
  }

  private void disconnect(String conversationId, String participantId) {
    SignalingConnection c = directory.get(conversationId, participantId);
    if (c != null && directory.remove(conversationId, participantId, c)) {
      c.detach();
      c.close(CloseCodes.REMOVED, "removed from the conversation");
    }
  }

  private void endAll(String conversationId, Ended e) {
    ObjectNode message = messages.message("conversation-ended").put("reason", e.reason().wireName());
    for (SignalingConnection c : directory.removeAll(conversationId).values()) {
      c.detach();
      c.send(message);
      c.close(CloseCodes.CONVERSATION_ENDED, "conversation ended");
    }
  }
}
