package io.tapline.app.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;

/**
 * Signed links to an HLS composition's playlist, the way a presigned URL links to an object: a
 * player holding {@code /hls/{compositionId}/index.m3u8?expires=...&signature=...} needs no API
 * key (it would send it on to the segment URLs, which carry their own signature). The signature is
 * HMAC-SHA256 over the composition id and the expiry, with a key derived from the server's token
 * secret (so every node of a cluster with the same configured secret accepts the links of the
 * others).
 */
public final class PlaylistLinks {
  static final String PATH = "/hls/";
  static final String FILE = "/index.m3u8";
  private static final String PURPOSE = "tapline hls playlist link v1";
  private static final String FILE_PURPOSE = "tapline hls file link v1";
  /** What a file of a composition may be called in a link (the names the HLS job gives). */
  static final String FILE_NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile(FILE_NAME_PATTERN);

  private final byte[] key;
  private final byte[] fileKey;
  private final Duration expiry;
  private final Clock clock;

  public PlaylistLinks(byte[] serverSecret, Duration expiry, Clock clock) {
    this.key = hmac(serverSecret, PURPOSE);
    this.fileKey = hmac(serverSecret, FILE_PURPOSE);
    this.expiry = expiry;
    this.clock = clock;
  }

  /** When a link signed now expires (what {@link #sign} puts in it). */
  public Instant expiresFromNow() {
    return Instant.ofEpochSecond(clock.instant().plus(expiry).getEpochSecond());
  }

  /** The path and query of a link valid for {@code expiry} from now. */
  public String sign(String compositionId) {
    long expires = expiresFromNow().getEpochSecond();
    return PATH + compositionId + FILE + "?expires=" + expires + "&signature=" + signature(compositionId, expires);
  }

  /** Answers 302 to a fresh link, absolute on the host the request came to. */
  public void redirect(String compositionId, jakarta.servlet.http.HttpServletRequest req,
      jakarta.servlet.http.HttpServletResponse res) {
    String base = org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(req).build()
        .toUriString();
    res.setStatus(jakarta.servlet.http.HttpServletResponse.SC_FOUND);
    res.setHeader("Location", base + sign(compositionId));
    res.setHeader("Cache-Control", "no-store");
    res.setContentLength(0);
  }

  /** Refuses (403) a link not signed here or expired. */
  public void verify(String compositionId, Long expires, String signature) {
    check("playlist", expires, signature, e -> signature(compositionId, e));
  }

  /** Refuses (403) a link whose signature is not {@code expected(expires)} or that expired. */
  private void check(String what, Long expires, String signature, java.util.function.LongFunction<String> expected) {
    if (expires == null || signature == null) {
      throw forbidden("the " + what + " link needs its expires and signature parameters");
    }
    if (!MessageDigest.isEqual(expected.apply(expires).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw forbidden("the " + what + " link's signature does not match");
    }
    if (Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
      throw forbidden("the " + what + " link expired at " + Instant.ofEpochSecond(expires));
    }
  }

  /**
   * The path and query of a link to one file of a composition (an HLS segment of a composition
   * encrypted at rest, which cannot be presigned and is streamed by this server instead), valid
   * until {@code expires}. Its own key: a file link never opens the playlist, nor the other way.
   */
  public String signFile(String compositionId, String name, Instant expires) {
    if (!FILE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a composition file name: " + name);
    }
    long e = expires.getEpochSecond();
    return PATH + compositionId + "/" + name + "?expires=" + e + "&signature=" + fileSignature(compositionId, name, e);
  }

  /** Refuses (403) a file link not signed here, for another file, or expired. */
  public void verifyFile(String compositionId, String name, Long expires, String signature) {
    check("file", expires, signature, e -> fileSignature(compositionId, name, e));
  }

  private String fileSignature(String compositionId, String name, long expires) {
    return HexFormat.of().formatHex(hmac(fileKey, compositionId + "\n" + name + "\n" + expires));
  }

  private static ApiException forbidden(String why) {
    return new ApiException(HttpStatus.FORBIDDEN, "link-invalid", why + "; get a fresh one from "
        + "GET /api/v1/compositions/{compositionId}/content (it redirects to a new link)");
  }

  private String signature(String compositionId, long expires) {
    return HexFormat.of().formatHex(hmac(key, compositionId + "\n" + expires));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
