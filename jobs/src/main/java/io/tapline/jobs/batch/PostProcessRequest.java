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
 * @param derived for the operations that derive an output from a stored composition (or the
 *     tracks' audio), what to make; null otherwise
 */
public record PostProcessRequest(String recordingId, Operation operation,
    CompositionRequest composition, DerivedRequest derived) {

  /** What to do. */
  public enum Operation {
    /** A composition with another layout, format, size or rate, rendered from the segments. */
    COMPOSE,
    /** Each audio track (one per speaker) exported to its own Ogg/Opus file, not re-encoded. */
    SPEAKER_AUDIO,
    /** A stored composition in another container, codec, size or bitrate. */
    TRANSCODE,
    /** Audio only: from a stored composition, or the mix of the recording's audio tracks. */
    EXTRACT_AUDIO,
    /** A poster frame of a stored composition at a given time (JPEG or PNG). */
    POSTER,
    /** A strip of evenly spaced thumbnails of a stored composition: tiles and a sprite. */
    THUMBNAILS,
    /** A stored composition as HLS (playlist + fMP4 or TS segments), copied when H.264/AAC. */
    PACKAGE_HLS;

    /** Whether it derives an output through a {@link DerivedRequest}. */
    public boolean derives() {
      return this != COMPOSE && this != SPEAKER_AUDIO;
    }
  }

  public PostProcessRequest {
    KeyLayout.id(recordingId);
    Objects.requireNonNull(operation, "operation");
    if ((operation == Operation.COMPOSE) != (composition != null)) {
      throw new IllegalArgumentException("a composition is given exactly when composing");
    }
    if (operation.derives() != (derived != null) || (derived != null
        && derived.operation() != operation)) {
      throw new IllegalArgumentException("what to derive is given exactly for " + operation
          + " and only for it");
    }
  }

  public PostProcessRequest(String recordingId, Operation operation,
      CompositionRequest composition) {
    this(recordingId, operation, composition, null);
  }

  /** An output derived from a stored composition or the tracks' audio. */
  public static PostProcessRequest derive(String recordingId, DerivedRequest derived) {
    return new PostProcessRequest(recordingId, derived.operation(), null, derived);
  }

  /** The id of the composition row this request makes, if it makes one. */
  public java.util.Optional<String> outputId() {
    if (composition != null) {
      return java.util.Optional.of(composition.compositionId(recordingId));
    }
    return derived == null ? java.util.Optional.empty()
        : java.util.Optional.of(derived.outputId(recordingId));
  }

  public static PostProcessRequest compose(String recordingId, CompositionRequest composition) {
    return new PostProcessRequest(recordingId, Operation.COMPOSE, composition);
  }

  public static PostProcessRequest speakerAudio(String recordingId) {
    return new PostProcessRequest(recordingId, Operation.SPEAKER_AUDIO, null);
  }

  /** A name for this request's scratch directory, unique per request. */
  public String workKey() {
    return outputId().orElseGet(() -> recordingId + "-"
        + operation.name().toLowerCase(Locale.ROOT).replace('_', '-'));
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
    if (derived != null) {
      b.addString("source", derived.source())
          .addString("format", derived.format())
          .addLong("width", (long) derived.width())
          .addLong("height", (long) derived.height())
          .addLong("bitrate", derived.bitrate())
          .addLong("atMs", derived.atMillis())
          .addLong("count", (long) derived.count())
          .addLong("segmentSeconds", (long) derived.segmentSeconds());
    }
    return b.toJobParameters();
  }

  /** The request a job's parameters describe. */
  public static PostProcessRequest fromParameters(java.util.Map<String, Object> p) {
    Operation op = Operation.valueOf((String) p.get("operation"));
    if (op.derives()) {
      return derive((String) p.get("recordingId"), new DerivedRequest(op,
          (String) p.get("source"), (String) p.get("format"), num(p, "width"), num(p, "height"),
          (Long) p.get("bitrate"), (Long) p.get("atMs"), num(p, "count"),
          num(p, "segmentSeconds")));
    }
    return fromParameters((String) p.get("recordingId"), (String) p.get("operation"),
        (String) p.get("layout"), (String) p.get("format"), (Long) p.get("width"),
        (Long) p.get("height"), (Long) p.get("fps"), (String) p.get("participant"),
        (String) p.get("template"));
  }

  private static int num(java.util.Map<String, Object> p, String key) {
    return ((Long) p.get(key)).intValue();
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
