package io.tapline.app.api;

import io.tapline.app.api.ApiModels.OutputList;
import io.tapline.app.api.content.ContentResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Downloads of a recording's outputs (openapi.yaml, tag recordings). */
@RestController
@RequestMapping("/api/v1/recordings/{recordingId}/outputs")
public class OutputController {
  private final OutputService outputs;
  private final ContentResponder responder;
  private final HlsPlaylists playlists;
  private final PlaylistLinks links;

  public OutputController(OutputService outputs, ContentResponder responder, HlsPlaylists playlists,
      PlaylistLinks links) {
    this.outputs = outputs;
    this.responder = responder;
    this.playlists = playlists;
    this.links = links;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  OutputList list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String recordingId) {
    return outputs.list(app, recordingId);
  }

  @GetMapping("/{outputId}/content")
  void content(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String recordingId,
      @PathVariable String outputId, @RequestParam(defaultValue = "true") boolean redirect,
      HttpServletRequest req, HttpServletResponse res) throws IOException {
    var hls = outputs.hlsComposition(app, recordingId, outputId);
    if (hls.isPresent()) { // a signed link to the playlist, or the playlist itself; its segment URIs presigned
      if (redirect) {
        links.redirect(hls.get().id(), req, res);
      } else {
        playlists.respond(hls.get(), res);
      }
      return;
    }
    responder.respond(outputs.object(app, recordingId, outputId), redirect, req, res);
  }
}
