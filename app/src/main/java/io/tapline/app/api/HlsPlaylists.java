package io.tapline.app.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.api.content.HlsPlaylist;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionFile;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a stored HLS composition: its playlist ({@code index.m3u8}, which names the init and
 * media segments relative to itself) with every URI replaced by a presigned GET of that file, so a
 * player given only the playlist's URL can play it. A composition encrypted at rest cannot be
 * presigned (the store would hand out ciphertext): its URIs are signed links to this server
 * ({@link PlaylistLinks#signFile}, path-absolute, so they resolve wherever the playlist was
 * fetched), which streams each file decrypted. The files are those of the composition's
 * {@code composition_file} rows; a URI the playlist names that is not one of them is our error.
 */
public final class HlsPlaylists {
  private static final Logger log = LoggerFactory.getLogger(HlsPlaylists.class);
  public static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";

  /** A rewritten playlist and when its first presigned URL expires. */
  public record Served(String text, Instant expiresAt) {}

  private final IndexDatabase index;
  private final ContentStore content;
  private final Duration expiry;
  private final Clock clock;
  private final PlaylistLinks links;
  private final Counter served;

  public HlsPlaylists(IndexDatabase index, ContentStore content, PlaylistLinks links, Duration expiry, Clock clock,
      MeterRegistry meters) {
    this.index = index;
    this.content = content;
    this.links = links;
    this.expiry = expiry;
    this.clock = clock;
    this.served = Counter.builder("tapline.api.hls.playlists").description("HLS playlists served with presigned URIs")
        .register(meters);
  }

  /** A stored file of composition {@code c} by the name its playlist gives it. */
  public java.util.Optional<CompositionFile> file(Composition c, String name) {
    return index.recordings().compositionFiles(c.id()).stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** Whether a stored composition is an HLS playlist. */
  public static boolean isPlaylist(Composition c) {
    return c.object() != null && c.object().key().endsWith(".m3u8");
  }

  /** Answers with the rewritten playlist; never cached, since its URLs expire. */
  public void respond(Composition c, jakarta.servlet.http.HttpServletResponse res) throws IOException {
    Served s = serve(c);
    byte[] body = s.text().getBytes(StandardCharsets.UTF_8);
    res.setStatus(200);
    res.setContentType(CONTENT_TYPE);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Expires", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
        s.expiresAt().atZone(java.time.ZoneOffset.UTC)));
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  public Served serve(Composition c) {
    StoredRef playlist = c.object();
    if (playlist.size() > HlsPlaylist.MAX_CHARS) {
      throw new IllegalStateException("playlist of " + c.id() + " is " + playlist.size() + " bytes");
    }
    Map<String, CompositionFile> files = new HashMap<>();
    for (CompositionFile f : index.recordings().compositionFiles(c.id())) {
      files.put(f.name(), f);
    }
    String text;
    try (InputStream in = content.open(playlist.key())) {
      text = new String(in.readNBytes(HlsPlaylist.MAX_CHARS + 1), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not read the playlist of " + c.id() + ": " + e.getMessage(), e);
    }
    Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(expiry).getEpochSecond());
    String rewritten;
    try {
      rewritten = HlsPlaylist.rewrite(text, uri -> {
        CompositionFile f = files.get(uri);
        if (f == null) {
          throw new IllegalArgumentException("the playlist names '" + uri + "', which is not a stored file of it");
        }
        return f.object().keyId() != null ? links.signFile(c.id(), uri, expiresAt)
            : content.presignGet(f.object().key(), expiry).toString();
      });
    } catch (IllegalArgumentException e) {
      log.error("HLS composition {}: stored playlist {} cannot be served: {}", c.id(), playlist.key(), e.getMessage());
      throw new IllegalStateException("stored playlist of " + c.id() + " cannot be served: " + e.getMessage(), e);
    }
    served.increment();
    return new Served(rewritten, expiresAt);
  }
}
