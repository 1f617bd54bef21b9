package io.tapline.app.api;

import io.tapline.app.api.content.ContentResponder;
import io.tapline.app.api.content.StoredObject;
import io.tapline.jobs.batch.OutputPublisher;
import io.tapline.storage.index.Composition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HLS playlists behind signed links ({@link PlaylistLinks}), outside {@code /api} so a player
 * needs no API key: the content endpoints of an HLS output redirect here. The files of a
 * composition encrypted at rest are streamed from here too, behind links of their own.
 */
@RestController
public class HlsController {
  private final PlaylistLinks links;
  private final CompositionService compositions;
  private final HlsPlaylists playlists;
  private final ContentResponder responder;

  public HlsController(PlaylistLinks links, CompositionService compositions, HlsPlaylists playlists,
      ContentResponder responder) {
    this.links = links;
    this.compositions = compositions;
    this.playlists = playlists;
    this.responder = responder;
  }

  @GetMapping(PlaylistLinks.PATH + "{compositionId}" + PlaylistLinks.FILE)
  void playlist(@PathVariable String compositionId, @RequestParam(required = false) Long expires,
      @RequestParam(required = false) String signature, HttpServletResponse res) throws IOException {
    links.verify(compositionId, expires, signature);
    playlists.respond(stored(compositionId), res);
  }

  /** One file (init or media segment) of an HLS composition, by the signed link its playlist gave. */
  @GetMapping(PlaylistLinks.PATH + "{compositionId}/{name:" + PlaylistLinks.FILE_NAME_PATTERN + "}")
  void file(@PathVariable String compositionId, @PathVariable String name,
      @RequestParam(required = false) Long expires, @RequestParam(required = false) String signature,
      HttpServletRequest req, HttpServletResponse res) throws IOException {
    links.verifyFile(compositionId, name, expires, signature);
    Composition c = stored(compositionId);
    var f = playlists.file(c, name).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not-found",
        "composition '" + compositionId + "' has no file '" + name + "'"));
    var o = f.object();
    responder.respond(new StoredObject(o.key(), o.size(), o.sha256(), OutputPublisher.contentType(Path.of(name)),
        name, o.keyId() != null), false, req, res);
  }

  private Composition stored(String compositionId) {
    return compositions.storedPlaylist(compositionId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
        "not-found", "composition '" + compositionId + "' is no longer stored"));
  }
}
