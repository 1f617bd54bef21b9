package io.tapline.app.api.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link HlsPlaylist#rewrite}: any text either is refused with an
 * IllegalArgumentException or is rewritten with the same number of lines, still starting with
 * {@code #EXTM3U}, and rewriting the result with the identity changes nothing (the output is a
 * playlist the rewriter reads back). Seed corpus: {@code HlsPlaylistFuzzTestInputs/rewrite/}.
 */
class HlsPlaylistFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void rewrite(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    String out;
    try {
      out = HlsPlaylist.rewrite(text, u -> "https://store.test/p/" + u.length() + "?s=1");
    } catch (IllegalArgumentException e) {
      return;
    }
    assertTrue(out.startsWith("#EXTM3U"), out);
    assertEquals(text.split("\r?\n", -1).length, out.split("\n", -1).length);
    assertEquals(out, HlsPlaylist.rewrite(out, u -> u));
  }
}
