package io.tapline.jobs.batch;

import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.RecordingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;

/**
 * When a finalize run fails: the recording is marked FAILED and {@code recording.failed} is
 * published (once per failed run). Running the job again resumes it.
 */
public final class FinalizeFailureListener implements JobExecutionListener {
  private static final Logger log = LoggerFactory.getLogger(FinalizeFailureListener.class);
  private final ReadyNotifier notifier;
  private final RecordingRepository recordings;
  private final ConversationRepository conversations;
  private final BatchSettings settings;
  private final JobProgress progress;

  public FinalizeFailureListener(ReadyNotifier notifier, RecordingRepository recordings,
      ConversationRepository conversations, BatchSettings settings, JobProgress progress) {
    this.notifier = notifier;
    this.recordings = recordings;
    this.conversations = conversations;
    this.settings = settings;
    this.progress = progress;
  }

  @Override
  public void afterJob(JobExecution execution) {
    progress.clear(execution.getId());
    if (execution.getStatus() != BatchStatus.FAILED) {
      return;
    }
    String recordingId = execution.getJobParameters().getString("recordingId");
    String reason = execution.getAllFailureExceptions().stream().findFirst()
        .map(Throwable::getMessage).orElse(execution.getExitStatus().getExitDescription());
    log.warn("finalizing recording {} failed (execution {}): {}", recordingId,
        execution.getId(), reason);
    try {
      String app = recordings.find(recordingId)
          .flatMap(r -> conversations.find(r.conversationId()))
          .map(c -> ConversationSettings.parse(c.configuration(),
              settings.defaultApplicationId()).applicationId())
          .orElse(settings.defaultApplicationId());
      notifier.failed(recordingId, app, execution.getId(), reason);
    } catch (RuntimeException e) {
      log.error("could not record the failure of recording {}", recordingId, e);
    }
  }
}
