package io.tapline.app.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HLS playlists behind signed links ({@link PlaylistLinks}), outside {@code /api} so a player
 * needs no API key: the content endpoints of an HLS output redirect here.
 */
@RestController
public class HlsController {
  private final PlaylistLinks links;
  private final CompositionService compositions;
  private final HlsPlaylists playlists;

  public HlsController(PlaylistLinks links, CompositionService compositions, HlsPlaylists playlists) {
    this.links = links;
    this.compositions = compositions;
    this.playlists = playlists;
  }

  @GetMapping(PlaylistLinks.PATH + "{compositionId}" + PlaylistLinks.FILE)
  void playlist(@PathVariable String compositionId, @RequestParam(required = false) Long expires,
      @RequestParam(required = false) String signature, HttpServletResponse res) throws IOException {
    links.verify(compositionId, expires, signature);
    var c = compositions.storedPlaylist(compositionId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
        "not-found", "composition '" + compositionId + "' is no longer stored"));
    playlists.respond(c, res);
  }
}
