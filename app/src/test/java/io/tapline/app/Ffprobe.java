package io.tapline.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks media files the way users do, with the ffprobe command line (installed by .ci/test). */
final class Ffprobe {
  private Ffprobe() {}

  static void assumeInstalled() {
    boolean ok;
    try {
      Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      ok = false;
    }
    assumeTrue(ok, "ffprobe not installed (.ci/test installs it)");
  }

  /** ffprobe's JSON of the streams and the format. */
  static JsonNode probe(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json",
        file.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffprobe failed on " + file);
    }
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  /** The first stream of this type ({@code video}, {@code audio}), or null. */
  static JsonNode stream(JsonNode probe, String type) {
    for (JsonNode s : probe.get("streams")) {
      if (type.equals(s.path("codec_type").asText())) {
        return s;
      }
    }
    return null;
  }

  /** Frames ffprobe decodes from the first video stream of a file. */
  static long countVideoFrames(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffprobe failed on " + file + ": " + text);
    }
    return Long.parseLong(text.lines().reduce((a, b) -> b).orElse("0").trim());
  }

  static double duration(JsonNode probe) {
    return probe.get("format").get("duration").asDouble();
  }
}
