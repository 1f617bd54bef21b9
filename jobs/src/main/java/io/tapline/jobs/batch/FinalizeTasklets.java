package io.tapline.jobs.batch;

import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.Segment;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ContentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * The steps of {@code finalizeRecording}, each a thin tasklet over a plain class. Every one of
 * them can run again after a crash: it re-derives what is left to do from the work directory, the
 * index and the object store, and skips what is done.
 */
public final class FinalizeTasklets {
  private FinalizeTasklets() {}

  /** Builds the context of a recording's steps. */
  @FunctionalInterface
  public interface Contexts {
    /**
     * @param recordingId the job's identifying parameter
     * @param recordingDir where the SFU wrote the recording ({@code recordingDir} job parameter,
     *     not identifying), or null: then the steps work from what storage has
     */
    Context of(String recordingId, String recordingDir);
  }

  /**
   * What every step of one recording's job needs.
   *
   * @param tapDir the tap's directory of the recording, when the job was told where it is
   */
  public record Context(String recordingId, Optional<Path> tapDir, RecordingSource source,
      WorkDirs work, RecordingRepository recordings, ConversationRepository conversations,
      ContentStore content, BatchSettings settings, JobProgress progress) {

    /** The recording's directory: the tap's when it is here, else fetched from storage. */
    RecordingDirectory open() throws java.io.IOException {
      return source.open(recordingId, tapDir);
    }

    Recording recording() {
      return recordings.get(recordingId);
    }

    ConversationSettings conversationSettings() {
      String conversationId = recording().conversationId();
      String config = conversations.find(conversationId).map(c -> c.configuration())
          .orElse(null);
      return ConversationSettings.parse(config, settings.defaultApplicationId());
    }

    void progress(ChunkContext chunk, String activity, double fraction, boolean waiting) {
      progress.update(jobExecutionId(chunk), activity, fraction, waiting);
    }
  }

  static long jobExecutionId(ChunkContext chunk) {
    return chunk.getStepContext().getStepExecution().getJobExecutionId();
  }

  /** Step 1: the segments match the manifest (locally, or already in storage). */
  public static Tasklet verify(Context ctx, SegmentVerifier verifier) {
    return (contribution, chunk) -> {
      ctx.progress(chunk, "verifying segments", 0, false);
      RecordingDirectory dir = ctx.open();
      Map<String, StoredRef> indexed = new HashMap<>();
      if (ctx.recordings().find(ctx.recordingId()).isPresent()) {
        for (Segment s : ctx.recordings().segments(ctx.recordingId())) {
          indexed.put(s.trackId() + "/" + s.index(), s.object());
        }
      }
      var report = verifier.verify(dir, dir.readManifest(), ref -> {
        StoredRef r = indexed.get(ref.trackId() + "/" + ref.index());
        return r != null && r.size() == ref.bytes() && ctx.content().objects().head(r.key())
            .map(o -> o.size() == r.storedSize()).orElse(false);
      });
      contribution.incrementReadCount();
      put(contribution, "segments", report.segments());
      put(contribution, "segmentBytes", report.bytes());
      return RepeatStatus.FINISHED;
    };
  }

  /** Step 2: segments and manifest stored, recording, tracks and segments indexed. */
  public static Tasklet uploadSegments(Context ctx, SegmentArchiver archiver) {
    return (contribution, chunk) -> {
      ctx.progress(chunk, "uploading segments", 0, false);
      var report = archiver.archive(ctx.open());
      contribution.incrementWriteCount(report.uploaded());
      put(contribution, "alreadyStored", report.alreadyStored());
      return RepeatStatus.FINISHED;
    };
  }

  /** Step 3: every track exported to its own file in the work directory. */
  public static Tasklet exportTracks(Context ctx, TrackExports exports) {
    return (contribution, chunk) -> {
      ctx.progress(chunk, "exporting tracks", 0, false);
      var report = exports.export(ctx.open(), ctx.work().tracks(),
          t -> true);
      contribution.incrementWriteCount(report.exported());
      put(contribution, "kept", report.kept());
      put(contribution, "empty", report.empty().size());
      return RepeatStatus.FINISHED;
    };
  }

  /**
   * Step 4: the compositions the conversation asks for, one per call (each call commits, so the
   * repository shows how far the step is and a restart keeps finished ones).
   */
  public static Tasklet compose(Context ctx, CompositionRenderer renderer,
      OutputPublisher publisher) {
    return (contribution, chunk) -> {
      List<CompositionRequest> requests = ctx.conversationSettings().compositions();
      for (int i = 0; i < requests.size(); i++) {
        CompositionRequest r = requests.get(i);
        String id = r.compositionId(ctx.recordingId());
        Path out = CompositionRenderer.output(ctx.work().compositions(), id, r);
        if (Files.isRegularFile(out) || available(ctx, id)) {
          continue;
        }
        String activity = "composing " + id + " (" + (i + 1) + " of " + requests.size() + ")";
        publisher.rendering(ctx.recordingId(), id, r);
        renderer.render(ctx.open(), id, r, ctx.work().compositions(),
            () -> ctx.progress(chunk, activity, 0, true),
            f -> ctx.progress(chunk, activity, f, false));
        contribution.incrementWriteCount(1);
        return i + 1 < requests.size() ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
      }
      return RepeatStatus.FINISHED;
    };
  }

  /**
   * Step 5: track files and compositions stored with their SHA-256 and indexed. An output that is
   * neither stored nor in this worker's work directory (the steps before ran on a worker that
   * died) is made again here first.
   */
  public static Tasklet uploadOutputs(Context ctx, OutputPublisher publisher,
      TrackExports exports, CompositionRenderer renderer) {
    return (contribution, chunk) -> {
      ctx.progress(chunk, "uploading outputs", 0, false);
      Recording rec = ctx.recording();
      int uploaded = 0;
      for (var t : ctx.recordings().tracks(ctx.recordingId())) {
        Optional<Path> file = TrackExports.existing(ctx.work().tracks(), t.id());
        if (file.isEmpty() && t.file() == null) {
          exports.export(ctx.open(), ctx.work().tracks(),
              mt -> mt.trackId().equals(t.id()));
          file = TrackExports.existing(ctx.work().tracks(), t.id());
        }
        if (file.isPresent() && publisher.publishTrack(rec.conversationId(), rec.id(), t.id(),
            file.get())) {
          uploaded++;
        }
      }
      for (CompositionRequest r : ctx.conversationSettings().compositions()) {
        String id = r.compositionId(ctx.recordingId());
        Path out = CompositionRenderer.output(ctx.work().compositions(), id, r);
        if (!Files.isRegularFile(out) && !available(ctx, id)) {
          String activity = "composing " + id + " again (its file was not on this worker)";
          out = renderer.render(ctx.open(), id, r,
              ctx.work().compositions(), () -> ctx.progress(chunk, activity, 0, true),
              f -> ctx.progress(chunk, activity, f, false));
        }
        if (Files.isRegularFile(out)
            && publisher.publishComposition(rec.conversationId(), rec.id(), id, r, out)) {
          uploaded++;
        }
      }
      contribution.incrementWriteCount(uploaded);
      return RepeatStatus.FINISHED;
    };
  }

  /** Step 6: recording AVAILABLE, then composition.ready and recording.ready published. */
  public static Tasklet ready(Context ctx, ReadyNotifier notifier) {
    return (contribution, chunk) -> {
      ctx.progress(chunk, "publishing events", 0, false);
      ConversationSettings s = ctx.conversationSettings();
      List<String> ids = s.compositions().stream()
          .map(r -> r.compositionId(ctx.recordingId())).toList();
      contribution.incrementWriteCount(notifier.ready(ctx.recordingId(), s.applicationId(), ids));
      return RepeatStatus.FINISHED;
    };
  }

  /** Step 7: the work directory of the recording removed (the tap's own directory is kept). */
  public static Tasklet cleanup(Context ctx) {
    return (contribution, chunk) -> {
      ctx.work().delete();
      ctx.progress().clear(jobExecutionId(chunk));
      return RepeatStatus.FINISHED;
    };
  }

  static boolean available(Context ctx, String compositionId) {
    return available(ctx.recordings(), ctx.recordingId(), compositionId);
  }

  static boolean available(RecordingRepository recordings, String recordingId,
      String compositionId) {
    return recordings.compositions(recordingId).stream()
        .filter(c -> c.id().equals(compositionId)).map(Composition::status)
        .anyMatch(s -> s == CompositionStatus.AVAILABLE);
  }

  private static void put(StepContribution contribution, String key, long value) {
    contribution.getStepExecution().getExecutionContext().putLong(key, value);
  }

}
