package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CreateSchedule;
import io.tapline.app.api.ApiModels.OccurrenceView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.ScheduleView;
import io.tapline.jobs.schedule.RecordingSchedule;
import io.tapline.jobs.schedule.RecordingScheduler;
import io.tapline.jobs.schedule.SchedulePlan;
import io.tapline.jobs.schedule.ScheduleStart;
import io.tapline.jobs.schedule.ScheduleStop;
import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Planned recordings of an application's conversations, over the jobs' {@link RecordingScheduler}
 * (Quartz): a one-off start or a cron expression, a stop time or a duration, a join grace.
 */
public final class ScheduleService {
  static final Pattern SCHEDULE_ID = Pattern.compile("sch-[0-9a-f-]{36}");
  static final long MAX_DURATION_SECONDS = Duration.ofDays(1).toSeconds();
  static final long MAX_GRACE_SECONDS = Duration.ofHours(24).toSeconds();
  static final long DEFAULT_GRACE_SECONDS = ConversationService.JOIN_GRACE.toSeconds();
  static final int MAX_CRON = 120;

  private final ConversationService conversations;
  private final RecordingScheduler scheduler;
  private final Clock clock;

  public ScheduleService(ConversationService conversations, RecordingScheduler scheduler, Clock clock) {
    this.conversations = conversations;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public ScheduleView create(String app, String conversationId, CreateSchedule b) {
    conversations.owned(app, conversationId);
    SchedulePlan plan = plan(app, conversationId, b, clock.instant());
    RecordingSchedule s;
    try {
      s = scheduler.create(plan);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    return view(s, false);
  }

  static SchedulePlan plan(String app, String conversationId, CreateSchedule b, Instant now) {
    if (b == null) {
      throw ApiException.invalid("a JSON body is required: {\"start\": \"2030-01-01T09:00:00Z\", "
          + "\"durationSeconds\": 3600}");
    }
    if ((b.start() == null) == (b.cron() == null)) {
      throw ApiException.invalid("give exactly one of start (an ISO-8601 instant) or cron (a Quartz expression)");
    }
    if (b.zone() != null && b.cron() == null) {
      throw ApiException.invalid("zone is only for cron schedules");
    }
    if (b.stop() != null && b.durationSeconds() != null) {
      throw ApiException.invalid("give stop or durationSeconds, not both");
    }
    if (b.stop() == null && b.durationSeconds() == null) {
      throw ApiException.invalid("stop (an instant) or durationSeconds is required");
    }
    ScheduleStart start;
    if (b.cron() != null) {
      if (b.cron().isBlank() || b.cron().length() > MAX_CRON) {
        throw ApiException.invalid("cron must be 1-" + MAX_CRON + " characters");
      }
      if (b.stop() != null) {
        throw ApiException.invalid("a cron schedule needs durationSeconds, not a fixed stop time");
      }
      ZoneId zone;
      try {
        zone = b.zone() == null ? ZoneId.of("UTC") : ZoneId.of(b.zone());
      } catch (DateTimeException e) {
        throw ApiException.invalid("zone must be a time-zone id such as Europe/Paris, got '" + b.zone() + "'");
      }
      try {
        start = new ScheduleStart.Cron(b.cron(), zone);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(e.getMessage());
      }
    } else {
      start = new ScheduleStart.At(b.start());
    }
    ScheduleStop stop;
    if (b.durationSeconds() != null) {
      if (b.durationSeconds() < 1 || b.durationSeconds() > MAX_DURATION_SECONDS) {
        throw ApiException.invalid("durationSeconds must be within [1, " + MAX_DURATION_SECONDS + "], got "
            + b.durationSeconds());
      }
      stop = new ScheduleStop.After(Duration.ofSeconds(b.durationSeconds()));
    } else {
      if (!b.stop().isAfter(b.start())) {
        throw ApiException.invalid("stop must be after start");
      }
      if (!b.stop().isAfter(now)) {
        throw ApiException.invalid("stop is in the past (" + b.stop() + "): nothing left to record");
      }
      stop = new ScheduleStop.At(b.stop());
    }
    long grace = b.graceSeconds() == null ? DEFAULT_GRACE_SECONDS : b.graceSeconds();
    if (grace < 0 || grace > MAX_GRACE_SECONDS) {
      throw ApiException.invalid("graceSeconds must be within [0, " + MAX_GRACE_SECONDS + "], got " + grace);
    }
    try {
      return new SchedulePlan(app, conversationId, start, stop, ConversationService.MISFIRE_WINDOW,
          Duration.ofSeconds(grace));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
  }

  /** The application's schedules, newest first, optionally of one conversation. */
  public PageView<ScheduleView> list(String app, String conversationId, PageRequest page) {
    if (conversationId != null) {
      conversations.owned(app, conversationId);
    }
    Page<RecordingSchedule> mine = scheduler.list(app, conversationId, page); // paged in the database
    return new PageView<>(mine.items().stream().map(s -> view(s, false)).toList(), page.offset(), page.limit(),
        mine.total());
  }

  public ScheduleView get(String app, String scheduleId) {
    return view(owned(app, scheduleId), true);
  }

  /** Cancels future starts; a recording already running keeps its stop and is finalized. */
  public void cancel(String app, String scheduleId) {
    owned(app, scheduleId);
    scheduler.cancel(scheduleId);
  }

  private RecordingSchedule owned(String app, String scheduleId) {
    ApiException notFound = ApiException.notFound("no schedule '" + scheduleId + "' in application '" + app + "'");
    if (scheduleId == null || !SCHEDULE_ID.matcher(scheduleId).matches()) {
      throw notFound;
    }
    return scheduler.find(scheduleId).filter(s -> s.plan().applicationId().equals(app)).orElseThrow(() -> notFound);
  }

  private ScheduleView view(RecordingSchedule s, boolean withOccurrences) {
    SchedulePlan p = s.plan();
    Instant start = p.start() instanceof ScheduleStart.At at ? at.instant() : null;
    String cron = p.start() instanceof ScheduleStart.Cron c ? c.expression() : null;
    String zone = p.start() instanceof ScheduleStart.Cron c ? c.zone().getId() : null;
    Instant stop = p.stop() instanceof ScheduleStop.At at ? at.instant() : null;
    Long duration = p.stop() instanceof ScheduleStop.After after ? after.duration().toSeconds() : null;
    Instant next = s.status() == RecordingSchedule.Status.ACTIVE ? scheduler.nextStart(s.id()).orElse(null) : null;
    List<OccurrenceView> occurrences = withOccurrences
        ? scheduler.occurrences(s.id()).stream().map(o -> new OccurrenceView(o.plannedStart(), o.recordingId(),
            o.state().name().toLowerCase(), o.detail())).toList()
        : null;
    return new ScheduleView(s.id(), p.conversationId(), s.status().name().toLowerCase(), start, cron, zone, stop,
        duration, p.joinGrace().toSeconds(), next, s.createdAt(), occurrences);
  }
}
