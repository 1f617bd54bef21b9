package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes what the command line reads from others. {@code problemLine}: whatever an error answer
 * holds (RFC 9457 problem+json, S3 XML, garbage), {@link ProblemLine#of} returns one non-empty
 * printable line of bounded length and throws nothing. {@code compositionOptions}: any layout,
 * format, size, frame rate and template either make a spec the compositor accepts or fail with a
 * usage error. Seed corpus: {@code CliInputsFuzzTestInputs/{problemLine,compositionOptions}/}.
 */
class CliInputsFuzzTest {
  private static final String[] TYPES = {"", "application/problem+json", "application/json; charset=utf-8",
      "application/xml", "text/plain", "APPLICATION/PROBLEM+JSON"};
  private static final int[] STATUSES = {400, 401, 403, 404, 409, 413, 500, 503};

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void problemLine(byte[] data) {
    int selector = data.length == 0 ? 0 : data[0] & 0xff;
    String body = data.length == 0 ? null : new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    String line = ProblemLine.of(STATUSES[selector % STATUSES.length], TYPES[selector / 8 % TYPES.length], body);
    assertFalse(line.isEmpty());
    assertTrue(line.length() <= ProblemLine.MAX_LINE, line);
    assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'), line);
    assertEquals(line.strip(), line);
  }

  @FuzzTest(maxDuration = "60s")
  void compositionOptions(byte[] data) {
    String[] f = Arrays.copyOf(new String(data, StandardCharsets.UTF_8).split("\0", 5), 5);
    int fps;
    try {
      fps = f[3] == null ? 30 : Integer.parseInt(f[3].trim());
    } catch (NumberFormatException e) {
      return; // picocli rejects a non-number before the command runs
    }
    CompositionRequest r;
    try {
      r = CompositionRequest.of(f[0] == null ? "" : f[0], f[1] == null ? "" : f[1], f[2] == null ? "" : f[2], fps,
          f[4] == null || f[4].isEmpty() ? null : f[4], null);
    } catch (CliException e) {
      assertEquals(ExitCodes.USAGE, e.exitCode(), e.getMessage());
      return;
    }
    // accepted options always make a spec, a layout and a request body
    r.spec().createLayout();
    assertEquals(r.width(), r.body().get("width"));
  }
}
