package io.tapline.jobs.batch;

import io.tapline.compositor.layout.LayoutKind;
import io.tapline.storage.KeyLayout;
import java.util.Locale;
import java.util.Objects;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;

/**
 * Work on a stored recording, from what is in storage alone. Every field identifies the job
 * instance: the same request twice runs once.
 *
 * @param composition for {@link Operation#COMPOSE}, what to make; null otherwise
 */
public record PostProcessRequest(String recordingId, Operation operation,
    CompositionRequest composition) {

  /** What to do. */
  public enum Operation {
    /** A composition with another layout, format, size or rate, rendered from the segments. */
    COMPOSE,
    /** Each audio track (one per speaker) exported to its own Ogg/Opus file, not re-encoded. */
    SPEAKER_AUDIO
  }

  public PostProcessRequest {
    KeyLayout.id(recordingId);
    Objects.requireNonNull(operation, "operation");
    if ((operation == Operation.COMPOSE) != (composition != null)) {
      throw new IllegalArgumentException("a composition is given exactly when composing");
    }
  }

  public static PostProcessRequest compose(String recordingId, CompositionRequest composition) {
    return new PostProcessRequest(recordingId, Operation.COMPOSE, composition);
  }

  public static PostProcessRequest speakerAudio(String recordingId) {
    return new PostProcessRequest(recordingId, Operation.SPEAKER_AUDIO, null);
  }

  /** A name for this request's scratch directory, unique per request. */
  public String workKey() {
    return operation == Operation.COMPOSE ? composition.compositionId(recordingId)
        : recordingId + "-" + operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public JobParameters toParameters() {
    JobParametersBuilder b = new JobParametersBuilder()
        .addString("recordingId", recordingId)
        .addString("operation", operation.name());
    if (composition != null) {
      b.addString("layout", composition.layout().name())
          .addString("format", composition.format().name())
          .addLong("width", (long) composition.width())
          .addLong("height", (long) composition.height())
          .addLong("fps", (long) composition.fps());
      if (composition.participantId() != null) {
        b.addString("participant", composition.participantId());
      }
      if (composition.templateJson() != null) {
        b.addString("template", composition.templateJson());
      }
    }
    return b.toJobParameters();
  }

  /** The request a job's parameters describe. */
  public static PostProcessRequest fromParameters(java.util.Map<String, Object> p) {
    return fromParameters((String) p.get("recordingId"), (String) p.get("operation"),
        (String) p.get("layout"), (String) p.get("format"), (Long) p.get("width"),
        (Long) p.get("height"), (Long) p.get("fps"), (String) p.get("participant"),
        (String) p.get("template"));
  }

  /** The request a job's parameters describe. */
  public static PostProcessRequest fromParameters(String recordingId, String operation,
      String layout, String format, Long width, Long height, Long fps) {
    return fromParameters(recordingId, operation, layout, format, width, height, fps, null, null);
  }

  /** The request a job's parameters describe, with a single layout's participant or a template. */
  public static PostProcessRequest fromParameters(String recordingId, String operation,
      String layout, String format, Long width, Long height, Long fps, String participant,
      String template) {
    Operation op = Operation.valueOf(operation);
    CompositionRequest c = op != Operation.COMPOSE ? null : new CompositionRequest(
        LayoutKind.valueOf(layout), CompositionRequest.parseFormat(format), width.intValue(),
        height.intValue(), fps.intValue(), participant, template);
    return new PostProcessRequest(recordingId, op, c);
  }
}
