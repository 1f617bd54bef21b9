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
  /** {@code hls} is {@code hls-fmp4}. */
  static final Set<String> HLS_FORMATS = Set.of("hls", "hls-fmp4", "hls-ts");
  /** Share of the progress of an HLS request given to composing its source (then packaging). */
  static final double COMPOSE_SHARE = 0.7;
  static final int MAX_WIDTH = 3840;
  static final int MAX_HEIGHT = 2160;
  static final int MAX_FPS = 60;
  static final int MAX_SEGMENT_SECONDS = 60;

  private final RecordingService recordings;
  private final IndexDatabase index;
  private final CompositionRequests requests;
  private final BatchJobs jobs;
  private final HlsChain chain;
  private final Clock clock;

  /** A validated request body: the composition to render and, for HLS, how to package it. */
  record Asked(CompositionRequest composition, HlsPackaging hls) {}

  public CompositionService(RecordingService recordings, IndexDatabase index, CompositionRequests requests,
      BatchJobs jobs, HlsChain chain, Clock clock) {
    this.recordings = recordings;
    this.index = index;
    this.requests = requests;
    this.jobs = jobs;
    this.chain = chain;
    this.clock = clock;
  }

  public CompositionView request(String app, String recordingId, CreateComposition body) {
    Recording r = recordings.owned(app, recordingId);
    Asked asked = validate(body);
    CompositionRequest c = asked.composition();
    if (r.status() != RecordingStatus.AVAILABLE) {
      throw new ApiException(HttpStatus.CONFLICT, "invalid-state", "recording '" + r.id() + "' is "
          + r.status().name().toLowerCase(Locale.ROOT) + "; compositions are made from a finalized (available) "
          + "recording: wait for recording.ready");
    }
    Stored stored = requests.save(r.id(), app, c, asked.hls(), clock.instant());
    boolean available = index.recordings().composition(stored.compositionId())
        .map(x -> x.status() == CompositionStatus.AVAILABLE).orElse(false);
    if (!available) {
      try {
        if (stored.hls() != null) {
          chain.advance(stored, true);
        } else {
          jobs.launchPostProcess(PostProcessRequest.compose(r.id(), c));
        }
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

  /** A stored HLS composition (its row names the playlist). */
  Optional<Composition> storedPlaylist(String compositionId) {
    return index.recordings().composition(compositionId)
        .filter(c -> c.status() == CompositionStatus.AVAILABLE && HlsPlaylists.isPlaylist(c));
  }

  static Asked validate(CreateComposition b) {
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
    HlsPackaging hls = null;
    if (HLS_FORMATS.contains(format)) {
      int seconds = b.segmentSeconds() == null ? HlsPackaging.DEFAULT_SEGMENT_SECONDS : b.segmentSeconds();
      if (seconds < 1 || seconds > MAX_SEGMENT_SECONDS) {
        throw ApiException.invalid("segmentSeconds must be within [1, " + MAX_SEGMENT_SECONDS + "], got " + seconds);
      }
      hls = new HlsPackaging(format.equals("hls-ts") ? "hls_ts" : "hls_fmp4", seconds);
      format = "mp4"; // the source is H.264/AAC, so packaging copies it
    } else if (!FORMATS.contains(format)) {
      throw ApiException.invalid("format must be one of " + sorted(FORMATS) + " or " + sorted(HLS_FORMATS)
          + ", got '" + format + "'");
    } else if (b.segmentSeconds() != null) {
      throw ApiException.invalid("segmentSeconds is only for the HLS formats " + sorted(HLS_FORMATS));
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
      return new Asked(new CompositionRequest(LayoutKind.parse(layout), CompositionRequest.parseFormat(format), width,
          height, fps, b.participantId(), template), hls);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage()); // a bad participant id or template regions
    }
  }

  private CompositionView view(String id, String recordingId, Optional<Stored> stored) {
    Optional<Composition> row = index.recordings().composition(id);
    boolean available = row.isPresent() && row.get().status() == CompositionStatus.AVAILABLE;
    HlsPackaging hls = stored.map(Stored::hls).orElse(null);
    if (hls != null && !available && stored.get().hlsLaunchedAt() == null) {
      try {
        chain.advance(stored.get(), false); // no need to wait for the sweep
      } catch (RuntimeException e) {
        log.warn("HLS {}: could not move on: {}", id, e.toString());
      }
    }
    Progress p;
    String stage = null;
    if (available) {
      p = new Progress("available", 1, null);
    } else if (hls != null) {
      Stored s = stored.get();
      Optional<JobStatus> packaging = jobs.postProcessStatus(hls.packaging(recordingId, s.request()));
      if (packaging.isPresent()) {
        stage = "packaging";
        p = fromJob(packaging.get()).scaled(COMPOSE_SHARE, 1 - COMPOSE_SHARE, "packaging as HLS: ");
      } else {
        stage = "composing";
        p = jobs.postProcessStatus(PostProcessRequest.compose(recordingId, s.request()))
            .map(j -> j.status().equals("COMPLETED") ? new Progress("running", 1, null) : fromJob(j))
            .orElse(new Progress("queued", 0, null)).scaled(0, COMPOSE_SHARE, "composing the source: ");
      }
    } else {
      Optional<JobStatus> job = stored.flatMap(s -> jobs.postProcessStatus(
          PostProcessRequest.compose(recordingId, s.request())));
      if (job.isPresent()) {
        p = fromJob(job.get());
      } else if (row.isPresent()) {
        p = new Progress(switch (row.get().status()) {
          case FAILED -> "failed";
          case RENDERING -> "running";
          default -> "queued";
        }, 0, null);
      } else {
        p = new Progress("queued", 0, null); // asked for; the job has not been registered yet
      }
    }
    CompositionRequest r = stored.map(Stored::request).orElse(null);
    String layout = r != null ? apiLayout(r.layout().name()) : row.map(c -> apiLayout(c.layout())).orElse(null);
    String format = hls != null ? hls.apiFormat() : r != null ? apiFormat(r.format())
        : row.map(c -> apiFormat(c.format())).orElse(null);
    var object = row.filter(c -> c.status() == CompositionStatus.AVAILABLE).map(Composition::object);
    return new CompositionView(id, recordingId, p.status(), p.progress(), layout, format,
        r == null ? null : r.width(), r == null ? null : r.height(), r == null ? null : r.fps(),
        r == null ? null : r.participantId(), r == null ? null : template(r.templateJson()),
        hls == null ? null : hls.segmentSeconds(), hls == null ? null : r.compositionId(recordingId), stage,
        p.error(), object.map(o -> o.size()).orElse(null), object.map(o -> o.sha256()).orElse(null));
  }

  /** Where a request stands: queued, running, available or failed, a fraction, why it failed. */
  record Progress(String status, double progress, String error) {
    /** This step's progress as the part {@code [from, from + share]} of a chain of steps. */
    Progress scaled(double from, double share, String errorPrefix) {
      return new Progress(status.equals("available") ? "running" : status, from + share * progress,
          error == null ? null : errorPrefix + error);
    }
  }

  private static Progress fromJob(JobStatus j) {
    return switch (j.status()) {
      case "FAILED", "STOPPED", "ABANDONED", "UNKNOWN" -> new Progress("failed", 0,
          j.exitDescription() == null || j.exitDescription().isBlank() ? j.status()
              : j.exitDescription().strip().lines().findFirst().orElse(j.status()));
      case "COMPLETED" -> new Progress("available", 1, null); // the row says so too, unless purged since
      default -> {
        boolean waiting = j.progress() == null ? j.steps().isEmpty() : j.progress().waiting();
        yield new Progress(waiting ? "queued" : "running", progress(j), null);
      }
    };
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
