package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CreateSchedule;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.ScheduleView;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Planned recordings (openapi.yaml, tag schedules). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class ScheduleController {
  private final ScheduleService schedules;
  private final Paging paging;

  public ScheduleController(ScheduleService schedules, Paging paging) {
    this.schedules = schedules;
    this.paging = paging;
  }

  @PostMapping(path = "/conversations/{conversationId}/schedules", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ScheduleView> create(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String conversationId, @RequestBody(required = false) CreateSchedule body) {
    ScheduleView v = schedules.create(app, conversationId, body);
    return ResponseEntity.created(URI.create("/api/v1/schedules/" + v.scheduleId())).body(v);
  }

  @GetMapping("/schedules")
  PageView<ScheduleView> list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @RequestParam(required = false) String conversationId, @RequestParam(required = false) Long offset,
      @RequestParam(required = false) Integer limit) {
    return schedules.list(app, conversationId, paging.request(offset, limit));
  }

  @GetMapping("/schedules/{scheduleId}")
  ScheduleView get(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String scheduleId) {
    return schedules.get(app, scheduleId);
  }

  @DeleteMapping("/schedules/{scheduleId}")
  ResponseEntity<Void> cancel(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String scheduleId) {
    schedules.cancel(app, scheduleId);
    return ResponseEntity.noContent().build();
  }
}
