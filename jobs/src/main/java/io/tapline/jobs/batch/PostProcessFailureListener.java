package io.tapline.jobs.batch;

import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.RecordingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;

/**
 * When a post-processing run that makes a composition or a derived output fails: its row is
 * marked FAILED (unless an earlier run stored it) and {@code composition.failed} is published,
 * once per failed run. Running the same request again resumes it at the failed step.
 */
public final class PostProcessFailureListener implements JobExecutionListener {
  private static final Logger log = LoggerFactory.getLogger(PostProcessFailureListener.class);
  private final OutputPublisher publisher;
  private final ReadyNotifier notifier;
  private final RecordingRepository recordings;
  private final ConversationRepository conversations;
  private final BatchSettings settings;
  private final JobProgress progress;

  public PostProcessFailureListener(OutputPublisher publisher, ReadyNotifier notifier,
      RecordingRepository recordings, ConversationRepository conversations,
      BatchSettings settings, JobProgress progress) {
    this.publisher = publisher;
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
    String reason = execution.getAllFailureExceptions().stream().findFirst()
        .map(Throwable::getMessage).orElse(execution.getExitStatus().getExitDescription());
    PostProcessRequest request;
    try {
      request = PostProcessRequest.fromParameters(new java.util.HashMap<>(
          execution.getJobParameters().getParameters().entrySet().stream().collect(
              java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                  e -> e.getValue().getValue()))));
    } catch (RuntimeException e) {
      log.warn("post-processing execution {} failed: {}", execution.getId(), reason);
      return;
    }
    log.warn("post-processing {} of recording {} failed (execution {}): {}",
        request.operation(), request.recordingId(), execution.getId(), reason);
    var id = request.outputId();
    if (id.isEmpty() || recordings.find(request.recordingId()).isEmpty()) {
      return;
    }
    try {
      publisher.failed(request.recordingId(), id.get(),
          PostProcessTasklets.layoutOf(recordings, request),
          PostProcessTasklets.formatOf(request));
      String app = recordings.find(request.recordingId())
          .flatMap(r -> conversations.find(r.conversationId()))
          .map(c -> ConversationSettings.parse(c.configuration(),
              settings.defaultApplicationId()).applicationId())
          .orElse(settings.defaultApplicationId());
      notifier.compositionFailed(request.recordingId(), id.get(), app, execution.getId(),
          reason);
    } catch (RuntimeException e) {
      log.error("could not record the failure of output {}", id.get(), e);
    }
  }
}
