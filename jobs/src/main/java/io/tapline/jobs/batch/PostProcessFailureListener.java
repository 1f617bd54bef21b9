package io.tapline.jobs.batch;

import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.RecordingRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;

/**
 * When a COMPOSE run of {@code postProcessArchive} fails: the composition row is marked FAILED
 * (unless a row says it is AVAILABLE) and {@code composition.failed} is published, once per
 * failed run (the event id is derived from the composition and the execution). Running the same
 * request again resumes it.
 */
public final class PostProcessFailureListener implements JobExecutionListener {
  private static final Logger log = LoggerFactory.getLogger(PostProcessFailureListener.class);
  private final RecordingRepository recordings;
  private final ConversationRepository conversations;
  private final EventPublisher events;
  private final BatchSettings settings;
  private final JobProgress progress;
  private final Clock clock;

  public PostProcessFailureListener(RecordingRepository recordings,
      ConversationRepository conversations, EventPublisher events, BatchSettings settings,
      JobProgress progress, Clock clock) {
    this.recordings = recordings;
    this.conversations = conversations;
    this.events = events;
    this.settings = settings;
    this.progress = progress;
    this.clock = clock;
  }

  @Override
  public void afterJob(JobExecution execution) {
    progress.clear(execution.getId());
    if (execution.getStatus() != BatchStatus.FAILED) {
      return;
    }
    PostProcessRequest request;
    try {
      request = PostProcessRequest.fromParameters(execution.getJobParameters().getParameters()
          .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
              e -> e.getValue().getValue())));
    } catch (RuntimeException e) {
      log.warn("post-processing execution {} failed with unreadable parameters", execution.getId());
      return;
    }
    String reason = execution.getAllFailureExceptions().stream().findFirst()
        .map(Throwable::getMessage).orElse(execution.getExitStatus().getExitDescription());
    log.warn("post-processing {} of recording {} failed (execution {}): {}",
        request.workKey(), request.recordingId(), execution.getId(), reason);
    if (request.operation() != PostProcessRequest.Operation.COMPOSE) {
      return;
    }
    try {
      failed(request, execution.getId(), reason);
    } catch (RuntimeException e) {
      log.error("could not record the failure of composition {}", request.workKey(), e);
    }
  }

  private void failed(PostProcessRequest request, long attempt, String reason) {
    String recordingId = request.recordingId();
    var recording = recordings.find(recordingId);
    if (recording.isEmpty()) {
      return;
    }
    CompositionRequest c = request.composition();
    String id = c.compositionId(recordingId);
    boolean available = recordings.composition(id)
        .map(x -> x.status() == CompositionStatus.AVAILABLE).orElse(false);
    if (!available) {
      recordings.saveComposition(new Composition(id, recordingId, c.layoutName(), c.formatName(),
          CompositionStatus.FAILED, null), clock.instant());
    }
    String app = conversations.find(recording.get().conversationId())
        .map(conv -> ConversationSettings.parse(conv.configuration(),
            settings.defaultApplicationId()).applicationId())
        .orElse(settings.defaultApplicationId());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", recording.get().conversationId());
    data.put("recordingId", recordingId);
    data.put("compositionId", id);
    data.put("layout", c.layoutName());
    data.put("format", c.formatName());
    data.put("reason", reason == null ? "unknown" : reason);
    events.publish(new Event(ReadyNotifier.eventId("composition.failed/" + id + "/" + attempt),
        EventType.COMPOSITION_FAILED, app, clock.instant(), data));
  }
}
