package io.tapline.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.app.api.ApiModels.CompositionView;
import io.tapline.app.api.ApiModels.CreateComposition;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.CompositionRequests.Stored;
import io.tapline.app.api.content.StoredObject;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.CompositionRequest;
import io.tapline.jobs.batch.JobStatus;
import io.tapline.jobs.batch.PostProcessRequest;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Compositions of an application's finalized recordings (layouts grid, active-speaker,
 * presentation, single (one participant, or the speaker) and custom (a template of regions)): asked for over REST and rendered in the
 * background by the jobs' {@code postProcessArchive} COMPOSE operation (its job pool and
 * composition slots bound the cost); status from the index row and the job's last execution.
 */
public final class CompositionService {
  private static final Logger log = LoggerFactory.getLogger(CompositionService.class);
  static final Set<String> LAYOUTS = Set.of("grid", "active-speaker", "presentation", "single", "custom");
  static final Set<String> FORMATS = Set.of("mp4", "webm", "webm-vp9");
  static final int MAX_WIDTH = 3840;
  static final int MAX_HEIGHT = 2160;
  static final int MAX_FPS = 60;

  private final RecordingService recordings;
  private final IndexDatabase index;
  private final CompositionRequests requests;
  private final BatchJobs jobs;
  private final Clock clock;

  public CompositionService(RecordingService recordings, IndexDatabase index, CompositionRequests requests,
      BatchJobs jobs, Clock clock) {
    this.recordings = recordings;
    this.index = index;
    this.requests = requests;
    this.jobs = jobs;
    this.clock = clock;
  }

  public CompositionView request(String app, String recordingId, CreateComposition body) {
    Recording r = recordings.owned(app, recordingId);
    CompositionRequest c = validate(body);
    if (r.status() != RecordingStatus.AVAILABLE) {
      throw new ApiException(HttpStatus.CONFLICT, "invalid-state", "recording '" + r.id() + "' is "
          + r.status().name().toLowerCase(Locale.ROOT) + "; compositions are made from a finalized (available) "
          + "recording: wait for recording.ready");
    }
    Stored stored = requests.save(r.id(), app, c, clock.instant());
    boolean available = index.recordings().composition(stored.compositionId())
        .map(x -> x.status() == CompositionStatus.AVAILABLE).orElse(false);
    if (!available) {
      try {
        jobs.launchPostProcess(PostProcessRequest.compose(r.id(), c));
      } catch (IllegalArgumentException e) {
        throw new ApiException(HttpStatus.CONFLICT, "invalid-state", e.getMessage());
      }
      log.info("composition {} of recording {} requested by {}", stored.compositionId(), r.id(), app);
    }
    return view(stored.compositionId(), r.id(), Optional.of(stored));
  }

  public CompositionView get(String app, String compositionId) {
    ApiException notFound = ApiException.notFound("no composition '" + compositionId + "' in application '"
        + app + "'");
    if (compositionId == null || !ConversationService.ID.matcher(compositionId).matches()) {
      throw notFound;
    }
    Optional<Stored> stored = requests.find(compositionId);
    String recordingId = stored.map(Stored::recordingId)
        .or(() -> index.recordings().composition(compositionId).map(Composition::recordingId))
        .orElseThrow(() -> notFound);
    try {
      recordings.owned(app, recordingId);
    } catch (ApiException e) {
      throw notFound;
    }
    return view(compositionId, recordingId, stored);
  }

  /** Every composition of a recording (the finalize job's and those asked for), oldest first. */
  public PageView<CompositionView> list(String app, String recordingId, PageRequest page) {
    Recording r = recordings.owned(app, recordingId);
    Map<String, Optional<Stored>> ids = new LinkedHashMap<>();
    index.recordings().compositions(r.id()).forEach(c -> ids.put(c.id(), Optional.empty()));
    requests.forRecording(r.id()).forEach(s -> ids.put(s.compositionId(), Optional.of(s)));
    List<CompositionView> all = new ArrayList<>();
    ids.forEach((id, s) -> all.add(view(id, r.id(), s)));
    int from = (int) Math.min(page.offset(), all.size());
    int to = Math.min(all.size(), from + page.limit());
    return new PageView<>(all.subList(from, to), page.offset(), page.limit(), all.size());
  }

  public StoredObject object(String app, String compositionId) {
    CompositionView v = get(app, compositionId);
    Composition c = index.recordings().composition(compositionId)
        .filter(x -> x.status() == CompositionStatus.AVAILABLE && x.object() != null)
        .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "invalid-state", "composition '" + compositionId
            + "' is " + v.status() + "; its content is there once it is available"));
    return new StoredObject(c.object().key(), c.object().size(), c.object().sha256(),
        OutputService.contentType(c.object().key(), false),
        c.object().key().substring(c.object().key().lastIndexOf('/') + 1), c.object().keyId() != null);
  }

  static CompositionRequest validate(CreateComposition b) {
    if (b == null) {
      throw ApiException.invalid("a JSON body is required: {\"layout\": \"grid\", \"format\": \"mp4\"}");
    }
    String layout = b.layout() == null ? "grid" : b.layout();
    if (!LAYOUTS.contains(layout)) {
      throw ApiException.invalid("layout must be one of " + sorted(LAYOUTS) + ", got '" + layout + "'");
    }
    String template = null;
    if (layout.equals("custom")) {
      if (b.template() == null || !b.template().isObject()) {
        throw ApiException.invalid("the custom layout needs a template: {\"regions\": [{\"x\": 0, \"y\": 0, "
            + "\"width\": 1, \"height\": 1, \"z\": 0, \"fill\": \"speaker\"}]}");
      }
      template = b.template().toString();
      if (template.length() > CompositionRequest.MAX_TEMPLATE) {
        throw ApiException.invalid("template must be at most " + CompositionRequest.MAX_TEMPLATE
            + " characters of JSON");
      }
    } else if (b.template() != null) {
      throw ApiException.invalid("template is only for the custom layout");
    }
    if (b.participantId() != null && !layout.equals("single")) {
      throw ApiException.invalid("participantId is only for the single layout");
    }
    String format = b.format() == null ? "mp4" : b.format();
    if (format.equals("hls")) {
      throw ApiException.invalid("format 'hls' is not produced by the batch jobs yet; use one of "
          + sorted(FORMATS));
    }
    if (!FORMATS.contains(format)) {
      throw ApiException.invalid("format must be one of " + sorted(FORMATS) + ", got '" + format + "'");
    }
    int width = b.width() == null ? 1280 : b.width();
    int height = b.height() == null ? 720 : b.height();
    int fps = b.fps() == null ? 30 : b.fps();
    if (width < 16 || width > MAX_WIDTH || width % 2 != 0) {
      throw ApiException.invalid("width must be even and within [16, " + MAX_WIDTH + "], got " + width);
    }
    if (height < 16 || height > MAX_HEIGHT || height % 2 != 0) {
      throw ApiException.invalid("height must be even and within [16, " + MAX_HEIGHT + "], got " + height);
    }
    if (fps < 1 || fps > MAX_FPS) {
      throw ApiException.invalid("fps must be within [1, " + MAX_FPS + "], got " + fps);
    }
    try {
      return new CompositionRequest(LayoutKind.parse(layout), CompositionRequest.parseFormat(format), width,
          height, fps, b.participantId(), template);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage()); // a bad participant id or template regions
    }
  }

  private CompositionView view(String id, String recordingId, Optional<Stored> stored) {
    Optional<Composition> row = index.recordings().composition(id);
    Optional<JobStatus> job = stored.flatMap(s -> jobs.postProcessStatus(
        PostProcessRequest.compose(recordingId, s.request())));
    String status;
    double progress = 0;
    String error = null;
    if (row.isPresent() && row.get().status() == CompositionStatus.AVAILABLE) {
      status = "available";
      progress = 1;
    } else if (job.isPresent()) {
      JobStatus j = job.get();
      switch (j.status()) {
        case "FAILED", "STOPPED", "ABANDONED", "UNKNOWN" -> {
          status = "failed";
          error = j.exitDescription() == null || j.exitDescription().isBlank() ? j.status()
              : j.exitDescription().strip().lines().findFirst().orElse(j.status());
        }
        case "COMPLETED" -> status = "available"; // the row says so too, unless it was purged since
        default -> {
          boolean waiting = j.progress() == null ? j.steps().isEmpty() : j.progress().waiting();
          status = waiting ? "queued" : "running";
          progress = progress(j);
        }
      }
    } else if (row.isPresent()) {
      status = switch (row.get().status()) {
        case FAILED -> "failed";
        case RENDERING -> "running";
        default -> "queued";
      };
    } else {
      status = "queued"; // asked for; the job has not been registered yet
    }
    CompositionRequest r = stored.map(Stored::request).orElse(null);
    String layout = r != null ? apiLayout(r.layout().name()) : row.map(c -> apiLayout(c.layout())).orElse(null);
    String format = r != null ? apiFormat(r.format()) : row.map(c -> apiFormat(c.format())).orElse(null);
    var object = row.filter(c -> c.status() == CompositionStatus.AVAILABLE).map(Composition::object);
    return new CompositionView(id, recordingId, status, progress, layout, format,
        r == null ? null : r.width(), r == null ? null : r.height(), r == null ? null : r.fps(),
        r == null ? null : r.participantId(), r == null ? null : template(r.templateJson()), error,
        object.map(o -> o.size()).orElse(null), object.map(o -> o.sha256()).orElse(null));
  }

  private static JsonNode template(String json) {
    if (json == null) {
      return null;
    }
    try {
      return TEMPLATES.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored template is not JSON", e);
    }
  }

  private static final ObjectMapper TEMPLATES = new ObjectMapper();

  /** The steps of postProcessArchive, weighted: rendering is most of the work. */
  static double progress(JobStatus j) {
    String step = j.currentStep();
    double fraction = j.progress() == null ? 0 : Math.max(0, Math.min(1, j.progress().fraction()));
    if (step == null || step.equals("fetchRecording")) {
      return 0.05 * fraction;
    }
    return switch (step) {
      case "process" -> 0.05 + 0.85 * fraction;
      case "storeOutputs" -> 0.9;
      default -> 0.99;
    };
  }

  static String apiLayout(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String apiFormat(String name) {
    return apiFormat(CompositionRequest.parseFormat(name.replace("webm_vp8", "webm")));
  }

  static String apiFormat(OutputFormat f) {
    return switch (f) {
      case MP4 -> "mp4";
      case WEBM_VP8 -> "webm";
      case WEBM_VP9 -> "webm-vp9";
      default -> f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
