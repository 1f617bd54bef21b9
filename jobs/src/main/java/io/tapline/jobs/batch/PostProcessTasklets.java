package io.tapline.jobs.batch;

import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * The steps of {@code postProcessArchive}: fetch the recording from storage (never from a tap's
 * directory: any worker can run it), process it in a scratch directory of its own, store and
 * index the outputs, clean up.
 */
public final class PostProcessTasklets {
  private PostProcessTasklets() {}

  /** Builds the context of a request's steps. */
  @FunctionalInterface
  public interface Contexts {
    Context of(PostProcessRequest request);
  }

  /** What every step of one request needs. */
  public record Context(PostProcessRequest request, RecordingSource source, WorkDirs work,
      RecordingRepository recordings, ConversationRepository conversations,
      BatchSettings settings, JobProgress progress) {

    RecordingDirectory fetched() throws java.io.IOException {
      return source.fetch(request.recordingId(), work.source());
    }

    /** The stored composition a derived output is made from, fetched once. */
    Path fetchedComposition() throws java.io.IOException {
      return source.fetchComposition(request.recordingId(), request.derived().source(),
          work.source());
    }

    /** The layout a derived output is indexed with: its source composition's. */
    String derivedLayout() {
      return layoutOf(recordings, request);
    }

    void progress(ChunkContext chunk, String activity, double fraction, boolean waiting) {
      progress.update(FinalizeTasklets.jobExecutionId(chunk), activity, fraction, waiting);
    }

    String applicationId() {
      Recording r = recordings.get(request.recordingId());
      String config = conversations.find(r.conversationId()).map(c -> c.configuration())
          .orElse(null);
      return ConversationSettings.parse(config, settings.defaultApplicationId()).applicationId();
    }
  }

  /** The work directory of a request: {@code {workDir}/post/{workKey}}. */
  public static WorkDirs workDirs(BatchSettings settings, PostProcessRequest request) {
    return new WorkDirs(settings.workDir().resolve("post"), request.workKey());
  }

  public static Tasklet fetch(Context ctx) {
    return (contribution, chunk) -> {
      DerivedRequest d = ctx.request().derived();
      if (d != null && !d.fromMix()) {
        ctx.progress(chunk, "fetching composition " + d.source() + " from storage", 0, false);
        ctx.fetchedComposition();
        contribution.incrementWriteCount(1);
        return RepeatStatus.FINISHED;
      }
      ctx.progress(chunk, "fetching the recording from storage", 0, false);
      var m = ctx.fetched().readManifest();
      contribution.incrementWriteCount(m.tracks().stream().mapToInt(t -> t.segments().size())
          .sum());
      return RepeatStatus.FINISHED;
    };
  }

  /** The layout of what a request makes ({@code audio_mix} for a mix of the tracks). */
  static String layoutOf(RecordingRepository recordings, PostProcessRequest request) {
    if (request.composition() != null) {
      return request.composition().layoutName();
    }
    DerivedRequest d = request.derived();
    if (d == null) {
      return "none";
    }
    if (d.fromMix()) {
      return "audio_mix";
    }
    return recordings.compositions(request.recordingId()).stream()
        .filter(c -> c.id().equals(d.source())).map(c -> c.layout()).findFirst()
        .orElse("unknown");
  }

  /** The format of what a request makes, as indexed. */
  static String formatOf(PostProcessRequest request) {
    return request.composition() != null ? request.composition().formatName()
        : request.derived() != null ? request.derived().formatName() : "none";
  }

  public static Tasklet process(Context ctx, CompositionRenderer renderer, TrackExports exports,
      OutputPublisher publisher, DerivedOutputs derived) {
    return (contribution, chunk) -> {
      contribution.incrementWriteCount(make(ctx, chunk, renderer, exports, publisher, derived));
      return RepeatStatus.FINISHED;
    };
  }

  /**
   * Makes the request's outputs in the work directory unless they are there (complete) or
   * already stored; returns how many were made.
   */
  static int make(Context ctx, ChunkContext chunk, CompositionRenderer renderer,
      TrackExports exports, OutputPublisher publisher, DerivedOutputs derived) throws Exception {
    PostProcessRequest req = ctx.request();
    if (req.derived() != null) {
      DerivedRequest d = req.derived();
      String id = d.outputId(req.recordingId());
      if (DerivedOutputs.existing(d, id, ctx.work().compositions()).isPresent()
          || FinalizeTasklets.available(ctx.recordings(), req.recordingId(), id)) {
        return 0;
      }
      String activity = d.operation().name().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ') + " " + id;
      publisher.rendering(req.recordingId(), id, ctx.derivedLayout(), d.formatName());
      Path source = d.fromMix() ? ctx.fetched().path() : ctx.fetchedComposition();
      derived.make(d, id, source, ctx.work().compositions(),
          () -> ctx.progress(chunk, activity, 0, true),
          f -> ctx.progress(chunk, activity, f, false));
      return 1;
    }
    switch (req.operation()) {
      case COMPOSE -> {
        String id = req.composition().compositionId(req.recordingId());
        Path out = CompositionRenderer.output(ctx.work().compositions(), id, req.composition());
        if (Files.isRegularFile(out)
            || FinalizeTasklets.available(ctx.recordings(), req.recordingId(), id)) {
          return 0;
        }
        String activity = "composing " + id;
        publisher.rendering(req.recordingId(), id, req.composition());
        renderer.render(ctx.fetched(), id, req.composition(), ctx.work().compositions(),
            () -> ctx.progress(chunk, activity, 0, true),
            f -> ctx.progress(chunk, activity, f, false));
        return 1;
      }
      case SPEAKER_AUDIO -> {
        ctx.progress(chunk, "exporting speakers' audio", 0, false);
        java.util.Set<String> stored = new java.util.HashSet<>();
        ctx.recordings().tracks(req.recordingId()).stream().filter(t -> t.file() != null)
            .forEach(t -> stored.add(t.id()));
        return exports.export(ctx.fetched(), ctx.work().tracks(),
            t -> !t.isVideo() && !stored.contains(t.trackId())).exported();
      }
      default -> throw new IllegalStateException("not a composition or export: "
          + req.operation());
    }
  }

  /**
   * Stores and indexes the outputs; outputs missing from this worker's work directory (the
   * process step ran on a worker that died) are made again first.
   */
  public static Tasklet store(Context ctx, OutputPublisher publisher, ReadyNotifier notifier,
      CompositionRenderer renderer, TrackExports exports, DerivedOutputs derived) {
    return (contribution, chunk) -> {
      make(ctx, chunk, renderer, exports, publisher, derived);
      PostProcessRequest req = ctx.request();
      Recording rec = ctx.recordings().get(req.recordingId());
      int stored = 0;
      if (req.derived() != null) {
        ctx.progress(chunk, "storing outputs", 0, false);
        DerivedRequest d = req.derived();
        String id = d.outputId(rec.id());
        var made = DerivedOutputs.existing(d, id, ctx.work().compositions());
        if (made.isPresent()) {
          stored += publisher.publishDerived(rec.conversationId(), rec.id(), id,
              ctx.derivedLayout(), d.formatName(), d.multiFile(), made.get());
        }
        if (!notifier.compositionReady(rec.id(), id, ctx.applicationId())) {
          throw new IllegalStateException("output " + id + " was not stored");
        }
        contribution.incrementWriteCount(stored);
        return RepeatStatus.FINISHED;
      }
      switch (req.operation()) {
        case COMPOSE -> {
          String id = req.composition().compositionId(req.recordingId());
          Path out = CompositionRenderer.output(ctx.work().compositions(), id, req.composition());
          if (Files.isRegularFile(out) && publisher.publishComposition(rec.conversationId(),
              rec.id(), id, req.composition(), out)) {
            stored++;
          }
          if (!notifier.compositionReady(rec.id(), id, ctx.applicationId())) {
            throw new IllegalStateException("composition " + id + " was not stored");
          }
        }
        case SPEAKER_AUDIO -> {
          for (var t : ctx.recordings().tracks(rec.id())) {
            var file = TrackExports.existing(ctx.work().tracks(), t.id());
            if (file.isPresent() && publisher.publishTrack(rec.conversationId(), rec.id(),
                t.id(), file.get())) {
              stored++;
            }
          }
        }
        default -> throw new IllegalStateException("unknown operation " + req.operation());
      }
      contribution.incrementWriteCount(stored);
      return RepeatStatus.FINISHED;
    };
  }

  public static Tasklet cleanup(Context ctx) {
    return (contribution, chunk) -> {
      ctx.work().delete();
      ctx.progress().clear(FinalizeTasklets.jobExecutionId(chunk));
      return RepeatStatus.FINISHED;
    };
  }
}
