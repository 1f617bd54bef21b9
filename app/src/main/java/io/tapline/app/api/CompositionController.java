package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CompositionView;
import io.tapline.app.api.ApiModels.CreateComposition;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.content.ContentResponder;
import io.tapline.app.api.content.StoredObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

/** Compositions of finalized recordings (openapi.yaml, tag compositions). */
@RestController
@RequestMapping("/api/v1")
public class CompositionController {
  private final CompositionService compositions;
  private final Paging paging;
  private final ContentResponder responder;
  private final HlsPlaylists playlists;
  private final PlaylistLinks links;

  public CompositionController(CompositionService compositions, Paging paging, ContentResponder responder,
      HlsPlaylists playlists, PlaylistLinks links) {
    this.compositions = compositions;
    this.paging = paging;
    this.responder = responder;
    this.playlists = playlists;
    this.links = links;
  }

  @PostMapping(path = "/recordings/{recordingId}/compositions", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CompositionView> create(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String recordingId, @RequestBody(required = false) CreateComposition body) {
    CompositionView v = compositions.request(app, recordingId, body);
    return ResponseEntity.accepted().location(URI.create("/api/v1/compositions/" + v.compositionId())).body(v);
  }

  @GetMapping(path = "/recordings/{recordingId}/compositions", produces = MediaType.APPLICATION_JSON_VALUE)
  PageView<CompositionView> list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String recordingId, @RequestParam(required = false) Long offset,
      @RequestParam(required = false) Integer limit) {
    return compositions.list(app, recordingId, paging.request(offset, limit));
  }

  @GetMapping(path = "/compositions/{compositionId}", produces = MediaType.APPLICATION_JSON_VALUE)
  CompositionView get(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String compositionId) {
    return compositions.get(app, compositionId);
  }

  @GetMapping("/compositions/{compositionId}/content")
  void content(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String compositionId,
      @RequestParam(defaultValue = "true") boolean redirect, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    StoredObject o = compositions.object(app, compositionId); // owned and stored, else 404 / 409
    var hls = compositions.storedPlaylist(compositionId);
    if (hls.isPresent()) { // a signed link to the playlist, or the playlist itself; its segment URIs presigned
      if (redirect) {
        links.redirect(compositionId, req, res);
      } else {
        playlists.respond(hls.get(), res);
      }
      return;
    }
    responder.respond(o, redirect, req, res);
  }
}
