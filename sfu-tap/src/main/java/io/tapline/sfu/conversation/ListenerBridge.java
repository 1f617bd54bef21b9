package io.tapline.sfu.conversation;

import io.tapline.sfu.conversation.ConversationEvent.Ended;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantJoined;
import io.tapline.sfu.conversation.ConversationEvent.ParticipantLeft;
import io.tapline.sfu.conversation.ConversationEvent.RecordingChanged;
import io.tapline.sfu.conversation.ConversationEvent.Started;

/** Narrows the event stream to the coarse {@link ConversationListener} callbacks. */
final class ListenerBridge implements ConversationObserver {
  private final ConversationListener listener;

  ListenerBridge(ConversationListener listener) {
    this.listener = listener;
  }

  @Override
  public void onEvent(Conversation conversation, ConversationEvent event) {
    String id = conversation.id();
    if (event instanceof Started) {
      listener.conversationStarted(id);
    } else if (event instanceof Ended e) {
      listener.conversationEnded(id, e.reason());
    } else if (event instanceof ParticipantJoined e) {
      listener.participantJoined(id, e.participant());
    } else if (event instanceof ParticipantLeft e) {
      listener.participantLeft(id, e.participant(), e.reason());
    } else if (event instanceof RecordingChanged e) {
      switch (e.action()) {
        case STARTED -> listener.recordingStarted(id, e.status());
        case PAUSED -> listener.recordingPaused(id, e.status());
        case RESUMED -> listener.recordingResumed(id, e.status());
        case STOPPED -> listener.recordingStopped(id, e.status());
      }
    }
  }
}
