package io.tapline.sfu.conversation;

import io.tapline.sfu.conversation.ConversationEvent.RecordingAction;
import io.tapline.pipeline.manifest.SafeId;
import io.tapline.sfu.tap.Tap;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Starts, pauses, resumes and stops the recording of a conversation (the Java API the REST API and
 * the scheduler use; signaling uses it for moderators and recorders). A recording of conversation
 * {@code c} goes to {@code root/c/recordingId}. Participants are told through the conversation's
 * events.
 */
public final class RecordingController {
  private final ConversationRegistry registry;
  private final Tap tap;
  private final Path root;
  private final Supplier<String> recordingIds;

  public RecordingController(ConversationRegistry registry, Tap tap, Path root) {
    this(registry, tap, root, () -> "rec-" + UUID.randomUUID());
  }

  public RecordingController(ConversationRegistry registry, Tap tap, Path root, Supplier<String> recordingIds) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tap = Objects.requireNonNull(tap, "tap");
    this.root = Objects.requireNonNull(root, "root");
    this.recordingIds = Objects.requireNonNull(recordingIds, "recordingIds");
  }

  public RecordingStatus start(String conversationId) {
    return start(conversationId, null);
  }

  /** @param actorId the participant who asked (told by answer, not by event), or null */
  public RecordingStatus start(String conversationId, String actorId) {
    return startAs(conversationId, recordingIds.get(), actorId);
  }

  /**
   * Starts a recording under an id the caller chose: the scheduler derives it from the planned
   * occurrence, so that a re-fired trigger names the same recording. The id becomes a directory
   * name and part of storage keys, so it follows {@link SafeId} (storage's rule too).
   */
  public RecordingStatus startAs(String conversationId, String recordingId, String actorId) {
    SafeId.require(recordingId, "recording id");
    Conversation c = registry.require(conversationId);
    Path dir = directory(conversationId, recordingId);
    return c.startRecording(() -> tap.start(conversationId, recordingId, dir), dir, actorId);
  }

  /**
   * Where a recording of this controller is (or would be) written: {@code
   * root/{conversationId}/{recordingId}}. The finalize job is told this directory.
   */
  public Path directory(String conversationId, String recordingId) {
    return root.resolve(SafeId.require(conversationId, "conversation id"))
        .resolve(SafeId.require(recordingId, "recording id"));
  }

  public RecordingStatus pause(String conversationId) {
    return pause(conversationId, null);
  }

  public RecordingStatus pause(String conversationId, String actorId) {
    return registry.require(conversationId).changeRecording(RecordingAction.PAUSED, actorId);
  }

  public RecordingStatus resume(String conversationId) {
    return resume(conversationId, null);
  }

  public RecordingStatus resume(String conversationId, String actorId) {
    return registry.require(conversationId).changeRecording(RecordingAction.RESUMED, actorId);
  }

  public RecordingStatus stop(String conversationId) {
    return stop(conversationId, null);
  }

  public RecordingStatus stop(String conversationId, String actorId) {
    return registry.require(conversationId).changeRecording(RecordingAction.STOPPED, actorId);
  }
}
