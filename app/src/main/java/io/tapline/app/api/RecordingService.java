package io.tapline.app.api;

import io.tapline.app.api.ApiModels.FinalizeView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.RecordingView;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.JobStatus;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.storage.index.Conversation;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Recordings of an application's conversations: started, paused, resumed and stopped on the live
 * SFU; listed and read from the index (written by {@link ConversationIndexer}).
 */
public final class RecordingService {
  private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

  public enum Action { PAUSE, RESUME, STOP }

  private final ConversationService conversations;
  private final ConversationRegistry registry;
  private final RecordingController controller;
  private final IndexDatabase index;
  private final ConversationIndexer indexer;
  private final FinalizeLauncher finalizer;
  private final BatchJobs batchJobs;
  private final RecordingFiles files;

  public RecordingService(ConversationService conversations, ConversationRegistry registry,
      RecordingController controller, IndexDatabase index, ConversationIndexer indexer,
      FinalizeLauncher finalizer, BatchJobs batchJobs, RecordingFiles files) {
    this.conversations = conversations;
    this.registry = registry;
    this.controller = controller;
    this.index = index;
    this.indexer = indexer;
    this.finalizer = finalizer;
    this.batchJobs = batchJobs;
    this.files = files;
  }

  public RecordingView start(String app, String conversationId) {
    Conversation c = conversations.owned(app, conversationId);
    if (registry.find(c.id()).isEmpty()) {
      if (c.status() != ConversationStatus.PLANNED && c.status() != ConversationStatus.ACTIVE) {
        throw new ApiException(HttpStatus.CONFLICT, "invalid-state",
            "conversation '" + c.id() + "' is " + c.status().name().toLowerCase() + "; it cannot be recorded");
      }
      registry.plan(c.id()); // planned before a restart of this node
    }
    RecordingStatus r = controller.start(c.id());
    return indexed(r.recordingId());
  }

  public RecordingView change(String app, String recordingId, Action action) {
    Recording r = owned(app, recordingId);
    RecordingStatus live = registry.find(r.conversationId()).map(c -> c.recording()).orElse(null);
    if (live == null || !live.recordingId().equals(recordingId)) {
      throw new ApiException(HttpStatus.CONFLICT, "invalid-state",
          "recording '" + recordingId + "' is " + r.status().name().toLowerCase()
              + " and no longer live; only the conversation's current recording can be changed");
    }
    switch (action) {
      case PAUSE -> controller.pause(r.conversationId());
      case RESUME -> controller.resume(r.conversationId());
      case STOP -> controller.stop(r.conversationId());
    }
    RecordingView v = indexed(recordingId);
    if (action == Action.STOP) {
      try {
        finalizer.launch(recordingId); // in the background, once the STOPPED row is written
      } catch (RuntimeException e) {
        // The stop itself succeeded: answer it; the GET then shows no finalization.
        log.error("Recording {} stopped, but its finalize job could not be launched", recordingId, e);
      }
    }
    return v;
  }

  /** One recording with its finalize job's last run and its stored files (presigned URLs). */
  public RecordingView get(String app, String recordingId) {
    RecordingView v = ConversationService.recordingView(owned(app, recordingId));
    v = files.with(v);
    RecordingView withFiles = v;
    return batchJobs.finalizeStatus(recordingId).map(s -> withFiles.withFinalize(finalizeView(s))).orElse(v);
  }

  private static FinalizeView finalizeView(JobStatus s) {
    String error = null;
    if ("FAILED".equals(s.status()) && s.exitDescription() != null && !s.exitDescription().isBlank()) {
      error = s.exitDescription().strip().lines().findFirst().orElse(null);
    }
    return new FinalizeView(s.status(), s.currentStep(), error);
  }

  public PageView<RecordingView> list(String app, String conversationId, PageRequest page) {
    conversations.owned(app, conversationId);
    var found = index.recordings().find(new RecordingQuery(conversationId, null, null, null, null), page);
    return new PageView<>(found.items().stream().map(ConversationService::recordingView).toList(),
        page.offset(), page.limit(), found.total());
  }

  /** The recording if its conversation belongs to {@code app}; 404 otherwise. */
  Recording owned(String app, String recordingId) {
    if (recordingId == null || !ConversationService.ID.matcher(recordingId).matches()) {
      throw ApiException.notFound("no recording '" + recordingId + "'");
    }
    Recording r = index.recordings().find(recordingId)
        .orElseThrow(() -> ApiException.notFound("no recording '" + recordingId + "' in application '" + app + "'"));
    try {
      conversations.owned(app, r.conversationId());
    } catch (ApiException e) {
      throw ApiException.notFound("no recording '" + recordingId + "' in application '" + app + "'");
    }
    return r;
  }

  /** The index row after the indexer has written what the change caused. */
  private RecordingView indexed(String recordingId) {
    try {
      indexer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing recording " + recordingId, e);
    }
    return ConversationService.recordingView(index.recordings().get(recordingId));
  }
}
