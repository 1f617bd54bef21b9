package io.tapline.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

class PlaylistLinksTest {
  private static final byte[] SECRET = "a-server-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static PlaylistLinks at(Instant now) {
    return new PlaylistLinks(SECRET, Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aLinkOpensItsCompositionUntilItExpires() {
    UriComponents link = UriComponentsBuilder.fromUriString(at(T0).sign("rec1-grid-hls-fmp4-4s")).build();
    assertEquals("/hls/rec1-grid-hls-fmp4-4s/index.m3u8", link.getPath());
    long expires = Long.parseLong(link.getQueryParams().getFirst("expires"));
    String signature = link.getQueryParams().getFirst("signature");
    assertEquals(T0.plusSeconds(900).getEpochSecond(), expires);
    at(T0.plusSeconds(899)).verify("rec1-grid-hls-fmp4-4s", expires, signature); // another node, same secret
    ApiException late = assertThrows(ApiException.class,
        () -> at(T0.plusSeconds(901)).verify("rec1-grid-hls-fmp4-4s", expires, signature));
    assertEquals(403, late.status().value());
    assertTrue(late.getMessage().contains("expired"), late.getMessage());
  }

  @Test
  void anythingChangedIsRefused() {
    UriComponents link = UriComponentsBuilder.fromUriString(at(T0).sign("c1")).build();
    long expires = Long.parseLong(link.getQueryParams().getFirst("expires"));
    String signature = link.getQueryParams().getFirst("signature");
    assertThrows(ApiException.class, () -> at(T0).verify("c2", expires, signature));
    assertThrows(ApiException.class, () -> at(T0).verify("c1", expires + 3600, signature));
    assertThrows(ApiException.class, () -> at(T0).verify("c1", expires, signature.replace('a', 'b') + "0"));
    assertThrows(ApiException.class, () -> at(T0).verify("c1", null, signature));
    assertThrows(ApiException.class, () -> at(T0).verify("c1", expires, null));
    PlaylistLinks otherServer = new PlaylistLinks("another-secret-another-secret-xyz".getBytes(StandardCharsets.UTF_8),
        Duration.ofMinutes(15), Clock.fixed(T0, ZoneOffset.UTC));
    assertThrows(ApiException.class, () -> otherServer.verify("c1", expires, signature));
  }

  @Test
  void aFileLinkOpensThatFileOnlyAndNeverThePlaylist() {
    Instant until = T0.plusSeconds(900);
    UriComponents link = UriComponentsBuilder.fromUriString(at(T0).signFile("c1", "seg-00002.m4s", until)).build();
    assertEquals("/hls/c1/seg-00002.m4s", link.getPath());
    long expires = Long.parseLong(link.getQueryParams().getFirst("expires"));
    String signature = link.getQueryParams().getFirst("signature");
    assertEquals(until.getEpochSecond(), expires);
    at(T0.plusSeconds(899)).verifyFile("c1", "seg-00002.m4s", expires, signature);
    assertThrows(ApiException.class, () -> at(T0.plusSeconds(901)).verifyFile("c1", "seg-00002.m4s", expires, signature));
    assertThrows(ApiException.class, () -> at(T0).verifyFile("c1", "seg-00003.m4s", expires, signature));
    assertThrows(ApiException.class, () -> at(T0).verifyFile("c2", "seg-00002.m4s", expires, signature));
    assertThrows(ApiException.class, () -> at(T0).verifyFile("c1", "seg-00002.m4s", expires + 1, signature));
    assertThrows(ApiException.class, () -> at(T0).verifyFile("c1", "seg-00002.m4s", null, signature));
    // The two kinds of link are signed under different keys: neither opens the other.
    UriComponents playlist = UriComponentsBuilder.fromUriString(at(T0).sign("c1")).build();
    String playlistSignature = playlist.getQueryParams().getFirst("signature");
    long playlistExpires = Long.parseLong(playlist.getQueryParams().getFirst("expires"));
    assertThrows(ApiException.class, () -> at(T0).verifyFile("c1", "index.m3u8", playlistExpires, playlistSignature));
    assertThrows(ApiException.class, () -> at(T0).verify("c1", expires, signature));
    assertThrows(IllegalArgumentException.class, () -> at(T0).signFile("c1", "../index.m3u8", until));
  }
}
