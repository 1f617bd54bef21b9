package io.tapline.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.app.api.ApiModels.CompositionOption;
import io.tapline.app.api.ApiModels.ConversationDetail;
import io.tapline.app.api.ApiModels.ConversationView;
import io.tapline.app.api.ApiModels.CreateConversation;
import io.tapline.app.api.ApiModels.EventView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.ParticipantView;
import io.tapline.app.api.ApiModels.RecordingView;
import io.tapline.app.auth.OwnershipRepository;
import io.tapline.jobs.batch.ConversationSettings;
import io.tapline.jobs.schedule.RecordingScheduler;
import io.tapline.jobs.schedule.SchedulePlan;
import io.tapline.jobs.schedule.ScheduleStart;
import io.tapline.jobs.schedule.ScheduleStop;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.storage.index.Conversation;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Conversations of an application: create (planned, optionally recorded on schedule), list, get. */
public final class ConversationService {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final int MAX_TITLE = 200;
  static final int EVENTS_IN_DETAIL = 200;
  static final Duration MISFIRE_WINDOW = Duration.ofMinutes(5);
  static final Duration JOIN_GRACE = Duration.ofMinutes(15);
  static final int MAX_COMPOSITIONS = 8;
  static final int DEFAULT_WIDTH = 1280;
  static final int DEFAULT_HEIGHT = 720;
  static final int DEFAULT_FPS = 30;

  private final IndexDatabase index;
  private final OwnershipRepository owners;
  private final ConversationRegistry registry;
  private final RecordingScheduler scheduler;
  private final ObjectMapper json;
  private final Clock clock;

  public ConversationService(IndexDatabase index, OwnershipRepository owners, ConversationRegistry registry,
      RecordingScheduler scheduler, ObjectMapper json, Clock clock) {
    this.index = index;
    this.owners = owners;
    this.registry = registry;
    this.scheduler = scheduler;
    this.json = json;
    this.clock = clock;
  }

  public ConversationView create(String app, CreateConversation req) {
    if (req == null) {
      throw ApiException.invalid("a JSON body is required: {\"title\": \"...\"}");
    }
    String id = req.id() == null ? "conv-" + UUID.randomUUID() : req.id();
    if (!ID.matcher(id).matches()) {
      throw ApiException.invalid("id must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-', got '" + id + "'");
    }
    if (req.title() == null || req.title().isBlank() || req.title().length() > MAX_TITLE) {
      throw ApiException.invalid("title is required: 1-" + MAX_TITLE + " characters");
    }
    Instant now = clock.instant();
    if (req.plannedStart() != null && req.plannedEnd() != null && !req.plannedEnd().isAfter(req.plannedStart())) {
      throw ApiException.invalid("plannedEnd must be after plannedStart");
    }
    boolean record = req.options() != null && Boolean.TRUE.equals(req.options().record());
    if (record) {
      if (req.plannedStart() == null || req.plannedEnd() == null) {
        throw ApiException.invalid("options.record needs plannedStart and plannedEnd (the window to record)");
      }
      if (!req.plannedEnd().isAfter(now)) {
        throw ApiException.invalid("plannedEnd is in the past (" + req.plannedEnd() + "): nothing left to record");
      }
    }
    ArrayNode compositions = req.compositions() == null ? null : compositions(req.compositions(), app);
    if (!owners.claim(id, app, now)) {
      throw ApiException.conflict("conversation '" + id + "' already exists; choose another id or omit it");
    }
    try {
      ObjectNode config = json.createObjectNode();
      config.put("applicationId", app); // whose recording.ready / composition.ready the batch jobs publish
      config.put("record", record);
      if (compositions != null) {
        config.set("compositions", compositions);
      }
      if (record) {
        String scheduleId = scheduler.create(new SchedulePlan(app, id, new ScheduleStart.At(req.plannedStart()),
            new ScheduleStop.At(req.plannedEnd()), MISFIRE_WINDOW, JOIN_GRACE)).id();
        config.put("scheduleId", scheduleId);
      }
      Conversation c = index.conversations().save(id, req.title(), ConversationStatus.PLANNED, req.plannedStart(),
          req.plannedEnd(), config.toString(), now);
      registry.plan(id);
      return view(c);
    } catch (RuntimeException e) {
      owners.release(id); // the id stays free for a retry
      throw e;
    }
  }

  /** The requested compositions as the batch jobs read them, checked by the jobs' own parser. */
  private ArrayNode compositions(List<CompositionOption> requested, String app) {
    if (requested.size() > MAX_COMPOSITIONS) {
      throw ApiException.invalid("at most " + MAX_COMPOSITIONS + " compositions, got " + requested.size());
    }
    ArrayNode list = json.createArrayNode();
    for (CompositionOption c : requested) {
      if (c == null) {
        throw ApiException.invalid("compositions must not contain null");
      }
      ObjectNode n = list.addObject();
      n.put("layout", c.layout() == null ? "grid" : c.layout());
      n.put("format", c.format() == null ? "mp4" : c.format());
      n.put("width", c.width() == null ? DEFAULT_WIDTH : c.width());
      n.put("height", c.height() == null ? DEFAULT_HEIGHT : c.height());
      n.put("fps", c.fps() == null ? DEFAULT_FPS : c.fps());
    }
    ObjectNode probe = json.createObjectNode();
    probe.set("compositions", list);
    try {
      ConversationSettings.parse(probe.toString(), app);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("compositions: " + e.getMessage());
    }
    return list;
  }

  public PageView<ConversationView> list(String app, PageRequest page) {
    List<ConversationView> items = owners.conversations(app, page.offset(), page.limit()).stream()
        .flatMap(id -> index.conversations().find(id).stream())
        .map(this::view)
        .toList();
    return new PageView<>(items, page.offset(), page.limit(), owners.count(app));
  }

  public ConversationDetail get(String app, String id) {
    Conversation c = owned(app, id);
    Set<String> online = registry.find(id)
        .map(live -> live.snapshot().participants().stream()
            .map(io.tapline.sfu.conversation.Participant::id).collect(Collectors.toSet()))
        .orElse(Set.of());
    List<ParticipantView> participants = index.conversations().participants(id).stream()
        .map(p -> new ParticipantView(p.id(), p.displayName(), p.role(), p.joinedAt(), p.leftAt(),
            online.contains(p.id())))
        .toList();
    var events = index.conversations().events(id, PageRequest.first(EVENTS_IN_DETAIL));
    List<EventView> eventViews = events.items().stream()
        .map(e -> new EventView(e.at(), e.type(), e.participantId(), e.body()))
        .toList();
    List<RecordingView> recordings = index.recordings()
        .find(new RecordingQuery(id, null, null, null, null), PageRequest.first(PageRequest.MAX_LIMIT))
        .items().stream().map(ConversationService::recordingView).toList();
    return new ConversationDetail(view(c), participants, eventViews, events.total(), recordings);
  }

  /** The conversation if it belongs to {@code app}; 404 otherwise (another's is not revealed). */
  public Conversation owned(String app, String id) {
    if (id == null || !ID.matcher(id).matches() || !owners.owner(id).map(app::equals).orElse(false)) {
      throw ApiException.notFound("no conversation '" + id + "' in application '" + app + "'");
    }
    return index.conversations().find(id)
        .orElseThrow(() -> ApiException.notFound("no conversation '" + id + "' in application '" + app + "'"));
  }

  static RecordingView recordingView(Recording r) {
    return new RecordingView(r.id(), r.conversationId(), r.status().name().toLowerCase(), r.startedAt(),
        r.stoppedAt());
  }

  private ConversationView view(Conversation c) {
    boolean record = false;
    String scheduleId = null;
    if (c.configuration() != null) {
      try {
        JsonNode n = json.readTree(c.configuration());
        record = n.path("record").asBoolean(false);
        scheduleId = n.hasNonNull("scheduleId") ? n.get("scheduleId").asText() : null;
      } catch (java.io.IOException e) {
        throw new IllegalStateException("conversation " + c.id() + " has unreadable options", e);
      }
    }
    return new ConversationView(c.id(), c.title(), c.status().name().toLowerCase(), c.plannedStart(),
        c.plannedEnd(), record, scheduleId, c.createdAt(), c.updatedAt());
  }
}
