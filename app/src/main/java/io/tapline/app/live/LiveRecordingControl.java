package io.tapline.app.live;

import io.tapline.jobs.schedule.RecordingControl;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.sfu.tap.TapRecording;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's port to the SFU. Idempotent per recording id: a start for the id already
 * running answers {@code Started}; a stop of a stopped or unknown recording does nothing.
 */
public final class LiveRecordingControl implements RecordingControl {
  private static final Logger log = LoggerFactory.getLogger(LiveRecordingControl.class);

  private final ConversationRegistry registry;
  private final RecordingController recordings;
  public LiveRecordingControl(ConversationRegistry registry, RecordingController recordings) {
    this.registry = registry;
    this.recordings = recordings;
  }

  @Override
  public StartResult start(String conversationId, String recordingId) {
    Optional<Conversation> live = registry.find(conversationId);
    if (live.isEmpty() || live.get().snapshot().participants().isEmpty()) {
      return new StartResult.NotLive();
    }
    RecordingStatus current = live.get().recording();
    if (current != null && current.recordingId().equals(recordingId)) {
      return new StartResult.Started(recordingId);
    }
    try {
      RecordingStatus started = recordings.startAs(conversationId, recordingId, null);
      return new StartResult.Started(started.recordingId());
    } catch (ConversationException e) {
      if (e.failure() == ConversationException.Failure.UNKNOWN_CONVERSATION
          || e.failure() == ConversationException.Failure.CONVERSATION_ENDED) {
        return new StartResult.NotLive();
      }
      throw e;
    }
  }

  @Override
  public void stop(String recordingId) {
    for (Conversation c : registry.conversations()) {
      RecordingStatus r = c.recording();
      if (r != null && r.recordingId().equals(recordingId) && r.state() != TapRecording.State.STOPPED) {
        try {
          recordings.stop(c.id());
        } catch (ConversationException e) {
          log.info("Recording {} of {} was already stopping: {}", recordingId, c.id(), e.getMessage());
        }
        return;
      }
    }
  }
}
