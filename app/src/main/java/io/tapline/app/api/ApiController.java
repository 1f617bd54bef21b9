package io.tapline.app.api;

import io.tapline.app.api.ApiModels.ConversationDetail;
import io.tapline.app.api.ApiModels.ConversationView;
import io.tapline.app.api.ApiModels.CreateConversation;
import io.tapline.app.api.ApiModels.IssueToken;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.RecordingView;
import io.tapline.app.api.ApiModels.TokenView;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API v1 (openapi.yaml); maps HTTP to the services, nothing more. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class ApiController {
  private final ConversationService conversations;
  private final TokenService tokens;
  private final RecordingService recordings;
  private final Paging paging;

  public ApiController(ConversationService conversations, TokenService tokens, RecordingService recordings,
      Paging paging) {
    this.conversations = conversations;
    this.tokens = tokens;
    this.recordings = recordings;
    this.paging = paging;
  }

  @PostMapping(path = "/conversations", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ConversationView> create(
      @RequestAttribute(ApiKeyFilter.APPLICATION) String app, @RequestBody(required = false) CreateConversation body) {
    ConversationView v = conversations.create(app, body);
    return ResponseEntity.created(URI.create("/api/v1/conversations/" + v.id())).body(v);
  }

  @GetMapping("/conversations")
  PageView<ConversationView> list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @RequestParam(required = false) Long offset, @RequestParam(required = false) Integer limit) {
    return conversations.list(app, paging.request(offset, limit));
  }

  @GetMapping("/conversations/{id}")
  ConversationDetail get(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String id) {
    return conversations.get(app, id);
  }

  @PostMapping(path = "/conversations/{id}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TokenView> token(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String id,
      @RequestBody(required = false) IssueToken body) {
    return ResponseEntity.status(201).body(tokens.issue(app, id, body));
  }

  @PostMapping("/conversations/{id}/recordings")
  ResponseEntity<RecordingView> startRecording(
      @RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String id) {
    RecordingView v = recordings.start(app, id);
    return ResponseEntity.created(URI.create("/api/v1/recordings/" + v.recordingId())).body(v);
  }

  @GetMapping("/conversations/{id}/recordings")
  PageView<RecordingView> listRecordings(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String id, @RequestParam(required = false) Long offset,
      @RequestParam(required = false) Integer limit) {
    return recordings.list(app, id, paging.request(offset, limit));
  }

  @GetMapping("/recordings/{recordingId}")
  RecordingView getRecording(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String recordingId) {
    return recordings.get(app, recordingId);
  }

  @PostMapping("/recordings/{recordingId}/pause")
  RecordingView pause(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String recordingId) {
    return recordings.change(app, recordingId, RecordingService.Action.PAUSE);
  }

  @PostMapping("/recordings/{recordingId}/resume")
  RecordingView resume(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String recordingId) {
    return recordings.change(app, recordingId, RecordingService.Action.RESUME);
  }

  @PostMapping("/recordings/{recordingId}/stop")
  RecordingView stop(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String recordingId) {
    return recordings.change(app, recordingId, RecordingService.Action.STOP);
  }
}
